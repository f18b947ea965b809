using Wasm.Components.Types;

namespace Wasm.Components.WitPrinting;


/// <summary>
/// A place types are named in: an interface (from an instance type) or the world. Its named types are the
/// <see cref="TypeExternType"/> exports of the instance type (or the world's type imports), and its functions
/// the <see cref="FuncExternType"/> ones.
/// </summary>
internal sealed class WitScope
{
    public WitScope(string? fullName, string localName)
    {
        FullName = fullName;
        LocalName = localName;
        if (fullName is not null) (PackageName, InterfaceName) = SplitInterfaceName(fullName);
    }

    /// <summary><c>ns:pkg/iface@ver</c> for interfaces of packages, null for inline interfaces and the world.</summary>
    public string? FullName { get; }

    /// <summary>The interface name (<c>iface</c>), the inline import/export name, or the world name.</summary>
    public string LocalName { get; }

    /// <summary><c>ns:pkg@ver</c> of a package interface.</summary>
    public string? PackageName { get; }

    /// <summary>The interface name inside its package.</summary>
    public string? InterfaceName { get; }

    /// <summary>True for the world itself.</summary>
    public bool IsWorld { get; init; }

    /// <summary>Named types in declaration order.</summary>
    public List<(string Name, object Type)> Types { get; } = new();

    /// <summary>Functions in declaration order (with their component-level names, e.g. <c>[method]r.f</c>).</summary>
    public List<(string Name, ComponentFuncType Type)> Functions { get; } = new();

    /// <summary>Type object (value type or resource) to the first name it has in this scope.</summary>
    public Dictionary<object, string> LocalNames { get; } = new(TypeIdentity.Instance);

    /// <summary>Adds the exports of an instance type (or the world's type and function imports).</summary>
    public void Add(string name, ExternType extern_)
    {
        switch (extern_)
        {
            case TypeExternType t:
                object type = (object?)t.Resource ?? t.WitType!;
                Types.Add((name, type));
                if (!IsPrimitive(type)) LocalNames.TryAdd(type, name);
                break;
            case FuncExternType f:
                Functions.Add((name, f.Type));
                break;
        }
    }

    /// <summary>Primitive types are shared singletons, so they cannot be told apart by identity.</summary>
    public static bool IsPrimitive(object type) => type is PrimitiveType;

    /// <summary>True when <paramref name="name"/> is an interface of a package: <c>ns:pkg/iface</c> with an optional
    /// <c>@version</c>.</summary>
    public static bool IsInterfaceName(string name)
    {
        int colon = name.IndexOf(':');
        int slash = name.IndexOf('/');
        return colon > 0 && slash > colon + 1 && slash < name.Length - 1 && name.IndexOf('/', slash + 1) < 0;
    }

    /// <summary>Splits <c>ns:pkg/iface@ver</c> into <c>ns:pkg@ver</c> and <c>iface</c>.</summary>
    public static (string Package, string Interface) SplitInterfaceName(string name)
    {
        int slash = name.IndexOf('/');
        int at = name.IndexOf('@', slash);
        string iface = at < 0 ? name[(slash + 1)..] : name[(slash + 1)..at];
        string package = at < 0 ? name[..slash] : name[..slash] + name[at..];
        return (package, iface);
    }

    /// <summary>Splits a component function name into its kind, resource and WIT item name
    /// (<c>[method]r.f</c> → (method, r, f); <c>f</c> → (plain, null, f)).</summary>
    public static (FunctionForm Form, string? Resource, string Item) ParseFunctionName(string name)
    {
        if (name.Length == 0 || name[0] != '[') return (FunctionForm.Plain, null, name);
        int close = name.IndexOf(']');
        if (close < 0) return (FunctionForm.Plain, null, name);
        string tag = name[1..close];
        string rest = name[(close + 1)..];
        int dot = rest.IndexOf('.');
        string resource = dot < 0 ? rest : rest[..dot];
        string item = dot < 0 ? rest : rest[(dot + 1)..];
        return tag switch
        {
            "constructor" => (FunctionForm.Constructor, rest, rest),
            "method" => (FunctionForm.Method, resource, item),
            "static" => (FunctionForm.Static, resource, item),
            "async method" => (FunctionForm.AsyncMethod, resource, item),
            "async static" => (FunctionForm.AsyncStatic, resource, item),
            "async" => (FunctionForm.Async, null, rest),
            _ => (FunctionForm.Plain, null, name),
        };
    }
}

/// <summary>How a function is declared in WIT, from its component-level name.</summary>
internal enum FunctionForm
{
    Plain,
    Async,
    Constructor,
    Method,
    Static,
    AsyncMethod,
    AsyncStatic,
}
