using System.Collections;
using System.Collections.Generic;

namespace Wit.Model;

/// <summary>
/// A dictionary that remembers insertion order (like Rust's IndexMap): enumeration, JSON output
/// and printing all follow the order in which entries were added.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class OrderedMap<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
{
    private readonly List<KeyValuePair<TKey, TValue>> _entries = new();
    private readonly Dictionary<TKey, int> _index;

    /// <summary>Creates an empty map.</summary>
    public OrderedMap()
    {
        _index = new Dictionary<TKey, int>();
    }

    internal OrderedMap(IEqualityComparer<TKey> comparer)
    {
        _index = new Dictionary<TKey, int>(comparer);
    }

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public IEnumerable<TKey> Keys
    {
        get
        {
            foreach (var entry in _entries)
            {
                yield return entry.Key;
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<TValue> Values
    {
        get
        {
            foreach (var entry in _entries)
            {
                yield return entry.Value;
            }
        }
    }

    /// <inheritdoc />
    public TValue this[TKey key] => _entries[_index[key]].Value;

    /// <summary>The entry at a position.</summary>
    public KeyValuePair<TKey, TValue> GetAt(int position) => _entries[position];

    /// <summary>The position of a key, or -1.</summary>
    public int IndexOf(TKey key) => _index.TryGetValue(key, out int i) ? i : -1;

    /// <inheritdoc />
    public bool ContainsKey(TKey key) => _index.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(TKey key, out TValue value)
    {
        if (_index.TryGetValue(key, out int i))
        {
            value = _entries[i].Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Inserts or replaces (keeping the position); returns true if the key already existed.</summary>
    internal bool Insert(TKey key, TValue value)
    {
        if (_index.TryGetValue(key, out int i))
        {
            _entries[i] = new KeyValuePair<TKey, TValue>(key, value);
            return true;
        }

        _index.Add(key, _entries.Count);
        _entries.Add(new KeyValuePair<TKey, TValue>(key, value));
        return false;
    }

    /// <summary>Adds only when absent; returns true if added.</summary>
    internal bool TryAdd(TKey key, TValue value)
    {
        if (_index.ContainsKey(key))
        {
            return false;
        }

        _index.Add(key, _entries.Count);
        _entries.Add(new KeyValuePair<TKey, TValue>(key, value));
        return true;
    }

    internal void Clear()
    {
        _entries.Clear();
        _index.Clear();
    }

    /// <summary>Removes a key, shifting later entries down (order preserved).</summary>
    internal bool Remove(TKey key)
    {
        if (!_index.TryGetValue(key, out int i))
        {
            return false;
        }

        _entries.RemoveAt(i);
        Reindex();
        return true;
    }

    /// <summary>Replaces the content with the given entries in order.</summary>
    internal void ReplaceAll(List<KeyValuePair<TKey, TValue>> entries)
    {
        _entries.Clear();
        _entries.AddRange(entries);
        Reindex();
    }

    internal List<KeyValuePair<TKey, TValue>> ToList() => new(_entries);

    /// <summary>Stable sort by an integer key.</summary>
    internal void StableSortBy(System.Func<KeyValuePair<TKey, TValue>, int> keyOf)
    {
        var keyed = new List<(int Key, int Pos, KeyValuePair<TKey, TValue> Entry)>(_entries.Count);
        for (int i = 0; i < _entries.Count; i++)
        {
            keyed.Add((keyOf(_entries[i]), i, _entries[i]));
        }

        keyed.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Pos.CompareTo(b.Pos));
        _entries.Clear();
        foreach (var item in keyed)
        {
            _entries.Add(item.Entry);
        }

        Reindex();
    }

    private void Reindex()
    {
        _index.Clear();
        for (int i = 0; i < _entries.Count; i++)
        {
            _index[_entries[i].Key] = i;
        }
    }
}
