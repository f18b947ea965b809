namespace Wit.Diagnostics;

/// <summary>
/// A range of characters in a <see cref="SourceMap"/>. Offsets are global to the map so a span
/// alone identifies its file; <see cref="Unknown"/> marks items without a source (e.g. decoded).
/// </summary>
public readonly struct TextSpan : System.IEquatable<TextSpan>
{
    /// <summary>Creates a span from global start (inclusive) and end (exclusive) offsets.</summary>
    public TextSpan(int start, int end)
    {
        Start = start;
        End = end;
    }

    /// <summary>A span that points nowhere.</summary>
    public static TextSpan Unknown => new(-1, -1);

    /// <summary>Global offset of the first character.</summary>
    public int Start { get; }

    /// <summary>Global offset one past the last character.</summary>
    public int End { get; }

    /// <summary>Whether this span refers to real source text.</summary>
    public bool IsKnown => Start >= 0;

    /// <inheritdoc />
    public bool Equals(TextSpan other) => Start == other.Start && End == other.End;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TextSpan other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (Start * 397) ^ End;

    /// <inheritdoc />
    public override string ToString() => IsKnown ? $"{Start}..{End}" : "<unknown>";
}
