namespace Wasm.Components;

/// <summary>
/// Semver-compatible matching of interface names, as Wasmtime links them: <c>ns:pkg/iface@0.2.0</c> is served by
/// a definition of <c>@0.2.12</c> (same major version, or for 0.x the same minor, or for 0.0.x the same patch).
/// </summary>
internal static class Versions
{
    /// <summary>Whether a definition named <paramref name="available"/> can serve an import of <paramref name="requested"/>.</summary>
    public static bool Matches(string requested, string available)
    {
        if (requested == available) return true;
        int ra = requested.IndexOf('@'), aa = available.IndexOf('@');
        var rPath = ra < 0 ? requested : requested.Substring(0, ra);
        var aPath = aa < 0 ? available : available.Substring(0, aa);
        if (rPath != aPath) return false;
        if (ra < 0) return true; // a version-less request accepts any version
        if (aa < 0) return false;
        return Compatible(requested.Substring(ra + 1), available.Substring(aa + 1));
    }

    /// <summary>The compatibility key of a version: the part that must be equal for two versions to be compatible.</summary>
    private static bool Compatible(string a, string b)
    {
        if (!TryParse(a, out var va) || !TryParse(b, out var vb)) return false;
        if (va.Pre.Length > 0 || vb.Pre.Length > 0) return a == b;
        if (va.Major != vb.Major) return false;
        if (va.Major > 0) return true;
        if (va.Minor != vb.Minor) return false;
        if (va.Minor > 0) return true;
        return va.Patch == vb.Patch;
    }

    /// <summary>Orders compatible versions so the newest can be chosen.</summary>
    public static int Compare(string a, string b)
    {
        TryParse(a, out var va);
        TryParse(b, out var vb);
        int c = va.Major.CompareTo(vb.Major);
        if (c == 0) c = va.Minor.CompareTo(vb.Minor);
        if (c == 0) c = va.Patch.CompareTo(vb.Patch);
        return c;
    }

    private static bool TryParse(string v, out (ulong Major, ulong Minor, ulong Patch, string Pre) version)
    {
        version = default;
        int plus = v.IndexOf('+');
        if (plus >= 0) v = v.Substring(0, plus);
        string pre = "";
        int dash = v.IndexOf('-');
        if (dash >= 0) { pre = v.Substring(dash + 1); v = v.Substring(0, dash); }
        var parts = v.Split('.');
        if (parts.Length != 3 || !ulong.TryParse(parts[0], out var major) || !ulong.TryParse(parts[1], out var minor) || !ulong.TryParse(parts[2], out var patch))
            return false;
        version = (major, minor, patch, pre);
        return true;
    }
}
