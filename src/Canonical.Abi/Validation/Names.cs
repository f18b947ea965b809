using Wasm.Components.Model;
using Wasm.Components.Types;

namespace Wasm.Components.Validation;

/// <summary>The lexical rules of import and export names (Explainer.md, "Import and Export Definitions").</summary>
internal static class Names
{
    /// <summary>A <c>label</c>: kebab-case fragments, each all-lowercase words or all-uppercase acronyms.</summary>
    public static bool IsLabel(ReadOnlySpan<char> s)
    {
        if (s.Length == 0) return false;
        bool first = true;
        foreach (var range in s.Split('-'))
        {
            var frag = s[range];
            if (frag.Length == 0) return false;
            if (first && !char.IsAsciiLetter(frag[0])) return false;
            first = false;
            bool lower = false, upper = false;
            foreach (var ch in frag)
            {
                if (ch is >= 'a' and <= 'z') lower = true;
                else if (ch is >= 'A' and <= 'Z') upper = true;
                else if (!char.IsAsciiDigit(ch)) return false;
            }
            if (lower && upper) return false;
        }
        return true;
    }

    /// <summary>The annotation of a plain name and the label(s) after it.</summary>
    public static (string Annotation, string Resource, string Name) Split(string name)
    {
        if (name.Length > 0 && name[0] == '[')
        {
            int close = name.IndexOf(']');
            if (close > 0)
            {
                var ann = name.Substring(1, close - 1);
                var rest = name.Substring(close + 1);
                int dot = rest.IndexOf('.');
                return dot < 0 ? (ann, rest, rest) : (ann, rest.Substring(0, dot), rest.Substring(dot + 1));
            }
        }
        return ("", "", name);
    }

    /// <summary>Whether a name is a valid <c>externname</c>; throws with the reason when not.</summary>
    public static string? Check(string name)
    {
        if (name.Contains(':') || name.Contains('/')) return CheckInterfaceName(name);
        if (name.StartsWith("unlocked-dep=", StringComparison.Ordinal) || name.StartsWith("locked-dep=", StringComparison.Ordinal)
            || name.StartsWith("url=", StringComparison.Ordinal) || name.StartsWith("integrity=", StringComparison.Ordinal))
            return null;
        var (ann, res, label) = Split(name);
        switch (ann)
        {
            case "":
                return IsLabel(name) ? null : $"`{name}` is not in kebab case";
            case "constructor":
            case "async":
                return IsLabel(res) ? null : $"`{res}` is not in kebab case";
            case "method":
            case "static":
            case "async method":
            case "async static":
                if (!name.Contains('.')) return $"failed to find `.` character";
                return IsLabel(res) && IsLabel(label) ? null : $"`{res}.{label}` is not in kebab case";
            default:
                return $"unknown annotation `[{ann}]`";
        }
    }

    private static string? CheckInterfaceName(string name)
    {
        int at = name.IndexOf('@');
        var path = at < 0 ? name : name.Substring(0, at);
        if (at >= 0 && !IsSemver(name.AsSpan(at + 1))) return $"`{name.Substring(at + 1)}` is not a valid semver";
        int colon = path.IndexOf(':');
        if (colon <= 0) return $"`{name}` is not a valid extern name";
        int slash = path.IndexOf('/', colon);
        if (slash < 0) return $"`{name}` is not a valid interface name: expected `/` after the package name";
        foreach (var part in path.Substring(0, slash).Split(':'))
            if (!IsLabel(part)) return $"`{part}` is not in kebab case";
        foreach (var part in path.Substring(slash + 1).Split('/'))
            if (!IsLabel(part)) return $"`{part}` is not in kebab case";
        return null;
    }

    /// <summary>A semantic version: <c>MAJOR.MINOR.PATCH(-pre)?(+build)?</c>.</summary>
    public static bool IsSemver(ReadOnlySpan<char> v)
    {
        int plus = v.IndexOf('+');
        if (plus >= 0) { if (!IsIdentifiers(v[(plus + 1)..], numericRule: false)) return false; v = v[..plus]; }
        int dash = v.IndexOf('-');
        if (dash >= 0) { if (!IsIdentifiers(v[(dash + 1)..], numericRule: true)) return false; v = v[..dash]; }
        int parts = 0;
        foreach (var r in v.Split('.'))
        {
            var p = v[r];
            if (p.Length == 0 || (p.Length > 1 && p[0] == '0')) return false;
            foreach (var ch in p) if (!char.IsAsciiDigit(ch)) return false;
            parts++;
        }
        return parts == 3;
    }

    private static bool IsIdentifiers(ReadOnlySpan<char> s, bool numericRule)
    {
        if (s.Length == 0) return false;
        foreach (var r in s.Split('.'))
        {
            var p = s[r];
            if (p.Length == 0) return false;
            bool allDigits = true;
            foreach (var ch in p)
            {
                if (!char.IsAsciiLetterOrDigit(ch) && ch != '-') return false;
                if (!char.IsAsciiDigit(ch)) allDigits = false;
            }
            if (numericRule && allDigits && p.Length > 1 && p[0] == '0') return false;
        }
        return true;
    }

    /// <summary>The strongly-unique canonical form of a name (Explainer.md).</summary>
    public static string Canonical(string name)
    {
        var (ann, res, label) = Split(name);
        var n = ann switch
        {
            "" => name,
            "constructor" => "[constructor]" + res,
            "method" or "static" or "async method" or "async static" => res == label ? label : res + "." + label,
            _ => res,
        };
        return n.ToLowerInvariant();
    }
}

internal sealed partial class ComponentValidator
{
    private static void CheckExternName(ExternName name, int at)
    {
        if (Names.Check(name.Name) is { } problem) throw Scope.Invalid(problem, at);
        if (name.VersionSuffix is not null && !name.Name.Contains('@'))
            throw Scope.Invalid("`versionsuffix` requires an interface name with a version", at);
    }

    private static bool SameName(string a, string b) => Names.Canonical(a) == Names.Canonical(b);

    /// <summary>The rules for <c>[constructor]</c>, <c>[method]</c> and <c>[static]</c> names: the resource a
    /// function is attached to must be one imported (exported) before it under that name.</summary>
    private static void CheckAnnotatedName(string name, ExternType type, IReadOnlyList<KeyValuePair<string, ExternType>> siblings, int at)
    {
        var (ann, res, _) = Names.Split(name);
        if (ann.Length == 0 || ann == "async" || name.Contains(':')) return;
        if (type is not FuncExternType f) throw Scope.Invalid($"item `{name}` is not a function", at);
        switch (ann)
        {
            case "constructor":
                {
                    if (f.Type.Result is null) throw Scope.Invalid("function should return one value", at);
                    var handle = f.Type.Result as HandleType ?? (f.Type.Result as ResultType)?.Ok as HandleType;
                    if (handle is not { IsOwn: true }) throw Scope.Invalid("function should return `(own $T)` or `(result (own $T))`", at);
                    CheckResourceName(handle.Resource, res, siblings, at);
                    break;
                }
            case "method":
            case "async method":
                {
                    if (f.Type.Params.Count == 0) throw Scope.Invalid("function should have at least one argument", at);
                    if (f.Type.Params[0].Name != "self") throw Scope.Invalid("function should have a first argument called `self`", at);
                    if (f.Type.Params[0].Type is not HandleType { IsOwn: false } self)
                        throw Scope.Invalid("function should take a first argument of `(borrow $T)`", at);
                    CheckResourceName(self.Resource, res, siblings, at);
                    break;
                }
            default:
                foreach (var (sibling, st) in siblings)
                    if (sibling == res && st is TypeExternType { Resource: not null }) return;
                throw Scope.Invalid("static resource name is not known in this context", at);
        }
    }

    /// <summary>Checks that the resource a function uses is the one named <paramref name="expected"/>.</summary>
    private static void CheckResourceName(ResourceType resource, string expected, IReadOnlyList<KeyValuePair<string, ExternType>> siblings, int at)
    {
        string? other = null;
        foreach (var (sibling, st) in siblings)
        {
            if (st is not TypeExternType { Resource: { } r } || !ReferenceEquals(r, resource)) continue;
            if (sibling == expected) return;
            other ??= sibling;
        }
        throw Scope.Invalid(other is null
            ? "resource used in function does not have a name in this context"
            : $"function does not match expected resource name `{other}`", at);
    }
}
