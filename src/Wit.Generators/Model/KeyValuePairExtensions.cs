namespace System.Collections.Generic;

/// <summary>netstandard2.0 lacks <c>KeyValuePair.Deconstruct</c>, which <c>foreach (var (key, value) in map)</c> needs.</summary>
internal static class KeyValuePairExtensions
{
    public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
    {
        key = pair.Key;
        value = pair.Value;
    }
}
