using Wasm.Components.Model;
using Wasm.Components.Types;

namespace Wasm.Components.Validation;

/// <summary>The forms of an <c>externname</c>.</summary>
internal enum NameKind : byte
{
    /// <summary><c>a-b-c</c></summary>
    Label,
    /// <summary><c>[constructor]r</c></summary>
    Constructor,
    /// <summary><c>[method]r.f</c></summary>
    Method,
    /// <summary><c>[static]r.f</c></summary>
    Static,
    /// <summary><c>ns:pkg/iface@1.2.3</c></summary>
    Interface,
    /// <summary><c>locked-dep=&lt;ns:pkg@1.2.3&gt;</c> or <c>unlocked-dep=&lt;ns:pkg@{&gt;=1.0.0}&gt;</c></summary>
    Dependency,
    /// <summary><c>url=&lt;https://...&gt;</c></summary>
    Url,
    /// <summary><c>integrity=&lt;sha256-...&gt;</c></summary>
    Hash,
}

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

    /// <summary>Classifies a name; <paramref name="problem"/> says why it is not a valid <c>externname</c>.</summary>
    public static NameKind Parse(string name, out string? problem)
    {
        var parser = new NameParser(name);
        try
        {
            var kind = parser.Name();
            if (parser.Rest.Length > 0) throw new NameException($"trailing characters found: `{parser.Rest}`");
            problem = null;
            return kind;
        }
        catch (NameException e)
        {
            problem = e.Message;
            return default;
        }
    }

    /// <summary>The resource and item of <c>[constructor]r</c>, <c>[method]r.f</c> or <c>[static]r.f</c>.</summary>
    public static (string Resource, string Item) ResourceFunc(string name, NameKind kind)
    {
        var rest = name.Substring(name.IndexOf(']') + 1);
        if (kind == NameKind.Constructor) return (rest, rest);
        int dot = rest.IndexOf('.');
        return (rest.Substring(0, dot), rest.Substring(dot + 1));
    }

    /// <summary>Why the version of an interface name, completed by its <c>versionsuffix</c>, is not a valid semver;
    /// null when it is (or there is none).</summary>
    public static string? CheckInterfaceVersion(string name, string? suffix)
    {
        int at = name.IndexOf('@');
        if (at < 0) return null;
        var version = name.Substring(at + 1) + suffix;
        return SemanticVersion.Check(version) is { } problem ? $"invalid interface version: {problem}" : null;
    }

    /// <summary>
    /// The strongly-unique canonical form of a name (Explainer.md, "Name Uniqueness"): acronyms lowercased,
    /// <c>[method]l.l</c> and <c>[static]l.l</c> equal to <c>l</c>, and annotations other than <c>[constructor]</c>
    /// stripped.
    /// </summary>
    public static string Canonical(string name, NameKind kind)
    {
        switch (kind)
        {
            case NameKind.Label:
                return name.ToLowerInvariant();
            case NameKind.Interface:
                {
                    int at = name.IndexOf('@');
                    return at < 0 ? name.ToLowerInvariant() : name.Substring(0, at).ToLowerInvariant() + name.Substring(at);
                }
            case NameKind.Constructor:
                return "[constructor]" + ResourceFunc(name, kind).Resource.ToLowerInvariant();
            case NameKind.Method:
            case NameKind.Static:
                {
                    var (resource, item) = ResourceFunc(name, kind);
                    var n = string.Equals(resource, item, StringComparison.OrdinalIgnoreCase) ? item : resource + "." + item;
                    return n.ToLowerInvariant();
                }
            default:
                return name;
        }
    }

    private sealed class NameException(string message) : Exception(message);

    /// <summary>A recursive-descent reader of one name; it fails with a <see cref="NameException"/>.</summary>
    private sealed class NameParser(string text)
    {
        private int _pos;

        public string Rest => text.Substring(_pos);

        public NameKind Name()
        {
            if (Eat("[constructor]"))
            {
                ExpectLabel();
                return NameKind.Constructor;
            }
            if (Eat("[method]"))
            {
                Label(TakeUntil('.'));
                ExpectLabel();
                return NameKind.Method;
            }
            if (Eat("[static]"))
            {
                Label(TakeUntil('.'));
                ExpectLabel();
                return NameKind.Static;
            }
            if (Eat("unlocked-dep="))
            {
                Expect("<");
                PackageNameQuery();
                Expect(">");
                return NameKind.Dependency;
            }
            if (Eat("locked-dep="))
            {
                Expect("<");
                PackageName(isInterface: false);
                Expect(">");
                OptionalHash();
                return NameKind.Dependency;
            }
            if (Eat("url="))
            {
                Expect("<");
                if (TakeUpTo('>').Contains('<')) throw new NameException("url cannot contain `<`");
                Expect(">");
                OptionalHash();
                return NameKind.Url;
            }
            if (Eat("integrity="))
            {
                Expect("<");
                Integrity();
                Expect(">");
                return NameKind.Hash;
            }
            if (Rest.Contains(':'))
            {
                PackageName(isInterface: true);
                return NameKind.Interface;
            }
            ExpectLabel();
            return NameKind.Label;
        }

        /// <summary><c>pkgname ::= pkgpath ('@' version)?</c>; an interface's version is checked with its
        /// <c>versionsuffix</c> later.</summary>
        private void PackageName(bool isInterface)
        {
            PackagePath(requireProjection: isInterface);
            if (!Eat("@")) return;
            int close = text.IndexOf('>', _pos);
            string version = close < 0 ? TakeRest() : TakeTo(close);
            if (!isInterface) Semver(version);
        }

        /// <summary><c>pkgnamequery ::= pkgpath ('@*' | '@{' range '}')?</c></summary>
        private void PackageNameQuery()
        {
            PackagePath(requireProjection: false);
            if (!Eat("@") || Eat("*")) return;
            Expect("{");
            var range = TakeUpTo('}');
            Expect("}");
            VersionRange(range);
        }

        /// <summary>
        /// <c>pkgpath ::= namespace ':' package ('/' label)?</c>. Nested namespaces and projections (🪺) are not
        /// accepted, so what follows them is reported as unexpected.
        /// </summary>
        private void PackagePath(bool requireProjection)
        {
            TakeLowercaseLabel();
            Expect(":");
            TakeLowercaseLabel();
            if (Eat("/")) TakeLabel();
            else if (requireProjection) throw new NameException("expected `/` after package name");
        }

        /// <summary><c>'*'</c>, <c>'&gt;=' lower (' &lt;' upper)?</c> or <c>'&lt;' upper</c>.</summary>
        private static void VersionRange(string range)
        {
            if (range == "*") return;
            if (range.StartsWith(">=", StringComparison.Ordinal))
            {
                var bounds = range.Substring(2);
                int space = bounds.IndexOf(' ');
                Semver(space < 0 ? bounds : bounds.Substring(0, space));
                if (space < 0) return;
                var upper = bounds.Substring(space + 1);
                if (!upper.StartsWith('<')) throw new NameException("expected `<` at start of version range upper bounds");
                Semver(upper.Substring(1));
            }
            else if (range.StartsWith('<')) Semver(range.Substring(1));
            else throw new NameException("expected `>=` or `<` at start of version range");
        }

        /// <summary>Subresource-integrity metadata: whitespace-separated <c>sha256|sha384|sha512 '-' base64 ('?' options)?</c>.</summary>
        private void Integrity()
        {
            bool any = false;
            foreach (var hash in TakeUpTo('>').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                any = true;
                if (!(hash.StartsWith("sha256", StringComparison.Ordinal) || hash.StartsWith("sha384", StringComparison.Ordinal)
                    || hash.StartsWith("sha512", StringComparison.Ordinal)))
                    throw new NameException($"unrecognized hash algorithm: `{hash}`");
                if (hash.Length == 6 || hash[6] != '-') throw new NameException($"expected `-` after hash algorithm: {hash}");
                var digest = hash.Substring(7);
                int options = digest.IndexOf('?');
                if (options >= 0) digest = digest.Substring(0, options);
                if (!IsBase64(digest)) throw new NameException($"not valid base64: `{digest}`");
            }
            if (!any) throw new NameException("integrity hash cannot be empty");
        }

        private void OptionalHash()
        {
            if (!Eat(",")) return;
            Expect("integrity=<");
            Integrity();
            Expect(">");
        }

        private static bool IsBase64(string s)
        {
            if (s.Length == 0) return false;
            int padding = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (padding == 0 && (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')) continue;
                if (c == '=' && i > 0 && padding < 2) { padding++; continue; }
                return false;
            }
            return true;
        }

        private static void Semver(string version)
        {
            if (SemanticVersion.Check(version) is { } problem) throw new NameException($"`{version}` is not a valid semver: {problem}");
        }

        private static void Label(string s)
        {
            if (!IsLabel(s)) throw new NameException($"`{s}` is not in kebab case");
        }

        private void ExpectLabel() => Label(TakeRest());

        /// <summary>The label up to the next character that cannot be part of one.</summary>
        private void TakeLabel() => Take(lowercase: false);

        /// <summary>A namespace or package name, which has no acronyms.</summary>
        private void TakeLowercaseLabel() => Take(lowercase: true);

        private void Take(bool lowercase)
        {
            int end = _pos;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '-')) end++;
            var label = TakeTo(end);
            Label(label);
            if (lowercase)
                foreach (var c in label)
                    if (char.IsAsciiLetterUpper(c)) throw new NameException($"character `{c}` is not lowercase in package name/namespace");
        }

        private bool Eat(string prefix)
        {
            if (!text.AsSpan(_pos).StartsWith(prefix, StringComparison.Ordinal)) return false;
            _pos += prefix.Length;
            return true;
        }

        private void Expect(string prefix)
        {
            if (!Eat(prefix)) throw new NameException($"expected `{prefix}` at `{Rest}`");
        }

        /// <summary>The text before <paramref name="c"/>, consuming <paramref name="c"/> too.</summary>
        private string TakeUntil(char c)
        {
            var s = TakeUpTo(c);
            _pos++;
            return s;
        }

        /// <summary>The text before <paramref name="c"/>, leaving <paramref name="c"/> next.</summary>
        private string TakeUpTo(char c)
        {
            int i = text.IndexOf(c, _pos);
            if (i < 0) throw new NameException($"failed to find `{c}` character");
            return TakeTo(i);
        }

        private string TakeTo(int end)
        {
            var s = text.Substring(_pos, end - _pos);
            _pos = end;
            return s;
        }

        private string TakeRest() => TakeTo(text.Length);
    }
}

/// <summary>
/// Semantic Versioning 2.0 (<c>MAJOR.MINOR.PATCH(-pre)?(+build)?</c>), with the reasons a version is not one in the
/// wording of the Rust <c>semver</c> crate that wasm-tools reports.
/// </summary>
internal static class SemanticVersion
{
    private static readonly string[] Numbers = ["major version number", "minor version number", "patch version number"];

    /// <summary>Null when <paramref name="v"/> is a valid version, otherwise why not.</summary>
    public static string? Check(string v)
    {
        if (v.Length == 0) return "empty string, expected a semver version";
        int pos = 0;
        for (int i = 0; i < Numbers.Length; i++)
        {
            if (i > 0)
            {
                if (pos == v.Length) return $"unexpected end of input while parsing {Numbers[i - 1]}";
                if (v[pos] != '.') return $"unexpected character '{v[pos]}' after {Numbers[i - 1]}";
                pos++;
            }
            int start = pos;
            while (pos < v.Length && char.IsAsciiDigit(v[pos])) pos++;
            if (pos == start)
                return pos == v.Length ? $"unexpected end of input while parsing {Numbers[i]}" : $"unexpected character '{v[pos]}' while parsing {Numbers[i]}";
            if (pos - start > 1 && v[start] == '0') return $"invalid leading zero in {Numbers[i]}";
            if (!ulong.TryParse(v.AsSpan(start, pos - start), out _)) return $"value of {Numbers[i]} exceeds u64::MAX";
        }
        string last = Numbers[^1];
        if (pos < v.Length && v[pos] == '-')
        {
            pos++;
            last = "pre-release identifier";
            if (Identifiers(v, ref pos, last, leadingZeros: false) is { } problem) return problem;
        }
        if (pos < v.Length && v[pos] == '+')
        {
            pos++;
            last = "build metadata";
            if (Identifiers(v, ref pos, last, leadingZeros: true) is { } problem) return problem;
        }
        return pos < v.Length ? $"unexpected character '{v[pos]}' after {last}" : null;
    }

    /// <summary>Dot-separated non-empty <c>[0-9A-Za-z-]</c> identifiers, stopping at any other character.</summary>
    private static string? Identifiers(string v, ref int pos, string what, bool leadingZeros)
    {
        while (true)
        {
            int start = pos;
            bool numeric = true;
            while (pos < v.Length && (char.IsAsciiLetterOrDigit(v[pos]) || v[pos] == '-'))
            {
                if (!char.IsAsciiDigit(v[pos])) numeric = false;
                pos++;
            }
            if (pos == start) return $"empty identifier segment in {what}";
            if (numeric && !leadingZeros && pos - start > 1 && v[start] == '0') return $"invalid leading zero in {what}";
            if (pos == v.Length || v[pos] != '.') return null;
            pos++;
        }
    }
}

internal sealed partial class ComponentValidator
{
    /// <summary>
    /// Adds an import or export (of a component, a component or instance type, or a bag of exports) to
    /// <paramref name="siblings"/> once its name is valid for its type and strongly unique among them;
    /// <paramref name="canonicalNames"/> maps the canonical forms of the siblings' names to the names as written.
    /// <paramref name="namesTypes"/> is false for a bag of exports, whose type exports give annotated names nothing
    /// to refer to.
    /// </summary>
    private void AddExtern(List<KeyValuePair<string, ExternType>> siblings, Dictionary<string, string> canonicalNames,
        ExternName name, ExternType type, bool isExport, int at, bool namesTypes = true)
    {
        string desc = isExport ? "export" : "import";
        var kind = Names.Parse(name.Name, out var problem);
        if (problem is not null) throw Scope.Invalid($"{desc} name `{name.Name}` is not a valid extern name: {problem}", at);
        if (isExport && kind is NameKind.Dependency or NameKind.Url or NameKind.Hash)
            throw Scope.Invalid($"name `{name.Name}` is not a valid export name", at);
        if (name.Implements is { } implements)
        {
            RequireImplementsFeature(at);
            if (kind != NameKind.Label) throw Scope.Invalid($"name `{name.Name}` is not valid with `implements`", at);
            if (type is not InstanceType) throw Scope.Invalid("only instances can have an `implements`", at);
            var implemented = Names.Parse(implements, out var why);
            if (why is not null) throw Scope.Invalid($"`{implements}` is not a valid name: {why}", at);
            if (implemented != NameKind.Interface) throw Scope.Invalid($"name `{implements}` must be an interface", at);
        }
        if (name.ExternalId is not null) RequireImplementsFeature(at);
        if (name.VersionSuffix is not null)
        {
            if (type is not InstanceType) throw Scope.Invalid("only instances can have a `versionsuffix`", at);
            if (kind != NameKind.Interface || !name.Name.Contains('@'))
                throw Scope.Invalid("`versionsuffix` requires an interface name with a version", at);
        }
        if (kind == NameKind.Interface && Names.CheckInterfaceVersion(name.Name, name.VersionSuffix) is { } badVersion)
            throw Scope.Invalid($"{desc} name `{name.Name}` is not valid: {badVersion}", at);
        CheckAnnotatedName(name.Name, kind, type, namesTypes ? siblings : [], at);
        var canonical = Names.Canonical(name.Name, kind);
        if (canonicalNames.TryGetValue(canonical, out var previous))
            throw Scope.Invalid($"{desc} name `{name.Name}` conflicts with previous name `{previous}`", at);
        canonicalNames.Add(canonical, name.Name);
        siblings.Add(new(name.Name, type));
    }

    private void RequireImplementsFeature(int at)
    {
        if (!_features.Implements) throw Scope.Invalid("the `cm-implements` feature is not active", at);
    }

    /// <summary>The rules for <c>[constructor]</c>, <c>[method]</c> and <c>[static]</c> names: the resource a
    /// function is attached to must be one imported (exported) before it under that name.</summary>
    private static void CheckAnnotatedName(string name, NameKind kind, ExternType type, IReadOnlyList<KeyValuePair<string, ExternType>> siblings, int at)
    {
        if (kind is not (NameKind.Constructor or NameKind.Method or NameKind.Static)) return;
        var (res, _) = Names.ResourceFunc(name, kind);
        if (type is not FuncExternType f) throw Scope.Invalid($"item `{name}` is not a function", at);
        switch (kind)
        {
            case NameKind.Constructor:
                {
                    if (f.Type.IsAsync) throw Scope.Invalid("constructor function cannot be async", at);
                    if (f.Type.Result is null) throw Scope.Invalid("function should return one value", at);
                    var handle = f.Type.Result as HandleType ?? (f.Type.Result as ResultType)?.Ok as HandleType;
                    if (handle is not { IsOwn: true }) throw Scope.Invalid("function should return `(own $T)` or `(result (own $T))`", at);
                    CheckResourceName(handle.Resource, res, siblings, at);
                    break;
                }
            case NameKind.Method:
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
