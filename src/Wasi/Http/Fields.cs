using Wasm.Components.Bindings;
using Wasm.Wasi.Preview2.Bindings.Wasi.Http;

namespace Wasm.Wasi.Http;

/// <summary>
/// <c>wasi:http/types.fields</c>: an ordered multimap of header names (compared case-insensitively, kept as given)
/// to byte values. Headers of incoming messages and of requests or responses already handed over are immutable.
/// Names must be HTTP tokens and values must not contain CR, LF or NUL (<c>invalid-syntax</c>); hop-by-hop headers
/// the host manages itself are <c>forbidden</c>, as in Wasmtime.
/// </summary>
public sealed class Fields : ITypes.IFields
{
    private static readonly string[] ForbiddenNames =
        ["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "transfer-encoding", "upgrade", "host", "http2-settings"];

    private readonly List<(string Name, byte[] Value)> _entries;

    /// <summary>An empty, mutable field list.</summary>
    public Fields() => _entries = [];

    private Fields(List<(string, byte[])> entries, bool immutable)
    {
        _entries = entries;
        IsImmutable = immutable;
    }

    /// <summary>Whether <c>set</c>, <c>append</c> and <c>delete</c> fail with <c>immutable</c>.</summary>
    public bool IsImmutable { get; private set; }

    /// <summary>The entries in order.</summary>
    public IReadOnlyList<(string Name, byte[] Value)> All => _entries;

    /// <summary>Immutable fields holding <paramref name="entries"/> as given (from the host, not checked).</summary>
    public static Fields Immutable(IEnumerable<(string, byte[])> entries) => new([.. entries], immutable: true);

    /// <summary>Makes the fields immutable (once handed to the host with their message).</summary>
    public void Freeze() => IsImmutable = true;

    /// <summary>Builds fields from a guest's list, checking every entry (<c>fields.from-list</c>).</summary>
    public static Result<Fields, Types.HeaderError> FromList(IReadOnlyList<(string, byte[])> entries)
    {
        var list = new List<(string, byte[])>(entries.Count);
        foreach (var (name, value) in entries)
        {
            if (Check(name, value) is { } error) return Result.Err<Fields, Types.HeaderError>(error);
            list.Add((name, value));
        }
        return Result.Ok<Fields, Types.HeaderError>(new Fields(list, immutable: false));
    }

    /// <inheritdoc/>
    public IReadOnlyList<byte[]> Get(string name)
    {
        var values = new List<byte[]>();
        foreach (var (n, v) in _entries)
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) values.Add(v);
        return values;
    }

    /// <inheritdoc/>
    public bool Has(string name)
    {
        foreach (var (n, _) in _entries)
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <inheritdoc/>
    public Result<Unit, Types.HeaderError> Set(string name, IReadOnlyList<byte[]> value)
    {
        if (IsImmutable) return Err(new Types.HeaderError.Immutable());
        foreach (var v in value)
            if (Check(name, v) is { } error) return Err(error);
        if (Check(name, []) is { } nameError) return Err(nameError);
        _entries.RemoveAll(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        foreach (var v in value) _entries.Add((name, v));
        return Ok();
    }

    /// <inheritdoc/>
    public Result<Unit, Types.HeaderError> Delete(string name)
    {
        if (IsImmutable) return Err(new Types.HeaderError.Immutable());
        if (Check(name, []) is { } error) return Err(error);
        _entries.RemoveAll(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        return Ok();
    }

    /// <inheritdoc/>
    public Result<Unit, Types.HeaderError> Append(string name, byte[] value)
    {
        if (IsImmutable) return Err(new Types.HeaderError.Immutable());
        if (Check(name, value) is { } error) return Err(error);
        _entries.Add((name, value));
        return Ok();
    }

    /// <inheritdoc/>
    public IReadOnlyList<(string, byte[])> Entries()
    {
        var copy = new (string, byte[])[_entries.Count];
        for (int i = 0; i < copy.Length; i++) copy[i] = _entries[i];
        return copy;
    }

    /// <summary>A mutable copy (<c>fields.clone</c>), even of immutable fields.</summary>
    public ITypes.IFields Clone() => new Fields([.. _entries], immutable: false);

    /// <summary>The error for an entry a guest may not add, or null.</summary>
    public static Types.HeaderError? Check(string name, ReadOnlySpan<byte> value)
    {
        if (!IsToken(name)) return new Types.HeaderError.InvalidSyntax();
        foreach (var b in value)
            if (b is (byte)'\r' or (byte)'\n' or 0) return new Types.HeaderError.InvalidSyntax();
        foreach (var forbidden in ForbiddenNames)
            if (string.Equals(name, forbidden, StringComparison.OrdinalIgnoreCase)) return new Types.HeaderError.Forbidden();
        return null;
    }

    /// <summary>Whether <paramref name="name"/> is a hop-by-hop header the host manages itself (guests neither set nor see it).</summary>
    public static bool IsForbiddenName(string name)
    {
        foreach (var forbidden in ForbiddenNames)
            if (string.Equals(name, forbidden, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>RFC 9110 token: one or more of the visible ASCII characters except delimiters.</summary>
    private static bool IsToken(string name)
    {
        if (name.Length == 0) return false;
        foreach (char c in name)
        {
            if (c <= ' ' || c >= 0x7f) return false;
            if ("\"(),/:;<=>?@[\\]{}".Contains(c)) return false;
        }
        return true;
    }

    private static Result<Unit, Types.HeaderError> Ok() => Result.Ok<Unit, Types.HeaderError>(default);

    private static Result<Unit, Types.HeaderError> Err(Types.HeaderError error) => Result.Err<Unit, Types.HeaderError>(error);
}
