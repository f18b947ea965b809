using System;
using System.Globalization;

namespace Wit.Model;

/// <summary>A semantic version (`major.minor.patch[-pre][+build]`) with semver ordering.</summary>
public sealed class SemVersion : IComparable<SemVersion>, IEquatable<SemVersion>
{
    private SemVersion(ulong major, ulong minor, ulong patch, string pre, string build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        PreRelease = pre;
        Build = build;
    }

    /// <summary>Major component.</summary>
    public ulong Major { get; }

    /// <summary>Minor component.</summary>
    public ulong Minor { get; }

    /// <summary>Patch component.</summary>
    public ulong Patch { get; }

    /// <summary>Pre-release identifiers without the leading `-`, or empty.</summary>
    public string PreRelease { get; }

    /// <summary>Build metadata without the leading `+`, or empty.</summary>
    public string Build { get; }

    /// <summary>Parses a version, throwing <see cref="FormatException"/> with a semver-style message.</summary>
    public static SemVersion Parse(string text)
    {
        if (!TryParse(text, out var version, out var error))
        {
            throw new FormatException(error);
        }

        return version!;
    }

    /// <summary>Parses a version, returning false and a message on failure.</summary>
    public static bool TryParse(string text, out SemVersion? version, out string error)
    {
        version = null;
        string core = text;
        string pre = string.Empty, build = string.Empty;
        int plus = core.IndexOf('+');
        if (plus >= 0)
        {
            build = core.Substring(plus + 1);
            core = core.Substring(0, plus);
            if (!ValidIdentifiers(build, false, out error))
            {
                return false;
            }
        }

        int dash = core.IndexOf('-');
        if (dash >= 0)
        {
            pre = core.Substring(dash + 1);
            core = core.Substring(0, dash);
            if (!ValidIdentifiers(pre, true, out error))
            {
                return false;
            }
        }

        var parts = core.Split('.');
        if (parts.Length != 3)
        {
            error = "unexpected end of input while parsing version";
            return false;
        }

        string[] names = { "major", "minor", "patch" };
        var numbers = new ulong[3];
        for (int i = 0; i < 3; i++)
        {
            if (parts[i].Length == 0 || !ulong.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                error = $"unexpected character while parsing {names[i]} version number";
                return false;
            }

            if (parts[i].Length > 1 && parts[i][0] == '0')
            {
                error = $"invalid leading zero in {names[i]} version number";
                return false;
            }
        }

        version = new SemVersion(numbers[0], numbers[1], numbers[2], pre, build);
        error = string.Empty;
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(SemVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        int c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0)
        {
            return c;
        }

        // A release sorts after its pre-releases.
        if (PreRelease.Length == 0 || other.PreRelease.Length == 0)
        {
            c = other.PreRelease.Length.CompareTo(0) - PreRelease.Length.CompareTo(0);
        }
        else
        {
            c = CompareIdentifiers(PreRelease, other.PreRelease);
        }

        if (c != 0)
        {
            return c;
        }

        if (Build.Length == 0 || other.Build.Length == 0)
        {
            return Build.Length.CompareTo(0) - other.Build.Length.CompareTo(0);
        }

        return CompareIdentifiers(Build, other.Build);
    }

    /// <inheritdoc />
    public bool Equals(SemVersion? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SemVersion other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => unchecked((int)(Major * 31 + Minor * 17 + Patch) ^ PreRelease.GetHashCode() ^ Build.GetHashCode());

    /// <inheritdoc />
    public override string ToString()
    {
        string text = string.Concat(Major.ToString(CultureInfo.InvariantCulture), ".", Minor.ToString(CultureInfo.InvariantCulture), ".", Patch.ToString(CultureInfo.InvariantCulture));
        if (PreRelease.Length > 0)
        {
            text += "-" + PreRelease;
        }

        if (Build.Length > 0)
        {
            text += "+" + Build;
        }

        return text;
    }

    /// <summary>Semver ordering operator.</summary>
    public static bool operator >(SemVersion a, SemVersion b) => a.CompareTo(b) > 0;

    /// <summary>Semver ordering operator.</summary>
    public static bool operator <(SemVersion a, SemVersion b) => a.CompareTo(b) < 0;

    private static bool ValidIdentifiers(string text, bool pre, out string error)
    {
        error = string.Empty;
        foreach (var part in text.Split('.'))
        {
            if (part.Length == 0)
            {
                error = pre ? "empty identifier segment in pre-release identifier" : "empty identifier segment in build metadata";
                return false;
            }

            bool numeric = true;
            foreach (char ch in part)
            {
                if (!(char.IsLetterOrDigit(ch) && ch < 0x80) && ch != '-')
                {
                    error = pre ? "unexpected character in pre-release identifier" : "unexpected character in build metadata";
                    return false;
                }

                numeric &= ch >= '0' && ch <= '9';
            }

            if (pre && numeric && part.Length > 1 && part[0] == '0')
            {
                error = "invalid leading zero in pre-release identifier";
                return false;
            }
        }

        return true;
    }

    private static int CompareIdentifiers(string a, string b)
    {
        var left = a.Split('.');
        var right = b.Split('.');
        for (int i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            bool ln = IsNumeric(left[i]), rn = IsNumeric(right[i]);
            int c;
            if (ln && rn)
            {
                c = left[i].Length != right[i].Length ? left[i].Length.CompareTo(right[i].Length) : string.CompareOrdinal(left[i], right[i]);
            }
            else if (ln != rn)
            {
                c = ln ? -1 : 1;
            }
            else
            {
                c = string.CompareOrdinal(left[i], right[i]);
            }

            if (c != 0)
            {
                return c;
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    private static bool IsNumeric(string s)
    {
        foreach (char ch in s)
        {
            if (ch < '0' || ch > '9')
            {
                return false;
            }
        }

        return true;
    }
}
