using System.Text;
using Wasm.Components.Types;

namespace Wasm.Components.WitPrinting;


/// <summary>
/// Prints the WIT of what a component imports and exports, with the conventions of <c>wasm-tools component wit</c>
/// (and <c>jco wit</c>): a package <c>root:component</c> with a world <c>root</c>; instances named
/// <c>ns:pkg/iface@ver</c> become <c>import ns:pkg/iface@ver;</c> with the interface defined in a nested
/// <c>package ns:pkg@ver { interface iface { ... } }</c> block; instances with plain names become inline
/// <c>import name: interface { ... }</c>; functions <c>import name: func(...)</c>. Resource functions
/// (<c>[constructor]r</c>, <c>[method]r.f</c>, <c>[static]r.f</c>) are printed inside their resource.
/// </summary>
/// <remarks>
/// Named types are recognised by identity: the <see cref="TypeExternType"/> exports of an instance type name
/// <see cref="WitType"/> and <see cref="ResourceType"/> objects, and functions refer to the same objects (or to
/// aliases of them that type imports and exports create, see <see cref="TypeIdentity"/>). The first
/// interface (in import, then export order) that names an object defines it; others <c>use</c> it. Primitive types
/// are shared singletons and cannot be told apart, so an alias of a primitive (<c>type t = u32</c>) is printed but
/// uses of it print as the primitive.
/// </remarks>
public static partial class ComponentWitPrinter
{
    /// <summary>The package name the reference tools give a component's world.</summary>
    public const string RootPackage = "root:component";

    /// <summary>The world name the reference tools give a component's world.</summary>
    public const string RootWorld = "root";

    /// <summary>Prints the WIT of a component type: the root package with its world, then the packages of the
    /// interfaces it imports and exports as nested <c>package ... { }</c> blocks.</summary>
    public static string Print(ComponentType component)
    {
        var (root, dependencies) = PrintParts(component);
        return dependencies.Length == 0 ? root : root + "\n" + dependencies;
    }

    /// <summary>Prints the root package (<c>package root:component;</c> and its world) and, separately, the nested
    /// package blocks defining the interfaces of other packages it refers to (empty when there are none).</summary>
    public static (string Root, string Dependencies) PrintParts(ComponentType component)
    {
        ArgumentNullException.ThrowIfNull(component);
        var printer = new Printer(component);
        return (printer.PrintRoot(), printer.PrintDependencies());
    }

    /// <summary>The WIT of each import and export on its own, in order: an interface as <c>interface { ... }</c>, a
    /// function as <c>func(...) -&gt; ...</c>. Imported types (which the world itself declares) are not listed.</summary>
    public static IReadOnlyList<(string Name, bool IsImport, string Wit)> PrintItems(ComponentType component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return new Printer(component).PrintItems();
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "use", "type", "func", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char", "resource",
        "own", "borrow", "record", "flags", "variant", "enum", "bool", "string", "option", "result", "future", "stream",
        "error-context", "list", "map", "as", "from", "static", "interface", "tuple", "world", "import", "export",
        "package", "constructor", "include", "with", "async",
    };

    /// <summary>A WIT identifier, with <c>%</c> when it is a keyword.</summary>
    internal static string Id(string name) => Keywords.Contains(name) ? "%" + name : name;

    /// <summary><c>ns:pkg/iface@ver</c> or <c>ns:pkg@ver</c> with keyword parts escaped.</summary>
    internal static string Path(string name)
    {
        int at = name.IndexOf('@');
        string version = at < 0 ? "" : name[at..];
        string path = at < 0 ? name : name[..at];
        return string.Join(":", path.Split(':').Select(part => string.Join("/", part.Split('/').Select(Id)))) + version;
    }

    private enum ItemKind
    {
        PackageInterface,
        InlineInterface,
        Function,
    }

    private readonly record struct WorldItem(ItemKind Kind, string Name, WitScope? Scope, ComponentFuncType? Func);

    private sealed partial class Printer
    {
        private readonly List<WitScope> _packageInterfaces = new();
        private readonly Dictionary<string, WitScope> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<object, (WitScope Scope, string Name)> _owners = new(TypeIdentity.Instance);
        private readonly WitScope _world = new(null, RootWorld) { IsWorld = true };
        private readonly List<WorldItem> _imports = new();
        private readonly List<WorldItem> _exports = new();
        private readonly StringBuilder _out = new();
        private int _indent;

        public Printer(ComponentType component)
        {
            foreach (var (name, type) in component.Imports) Collect(name, type, _imports, isImport: true);
            foreach (var (name, type) in component.Exports) Collect(name, type, _exports, isImport: false);
        }

        private void Collect(string name, ExternType type, List<WorldItem> items, bool isImport)
        {
            switch (type)
            {
                case InstanceType instance when WitScope.IsInterfaceName(name):
                    if (!_byName.TryGetValue(name, out var scope))
                    {
                        scope = new WitScope(name, WitScope.SplitInterfaceName(name).Interface);
                        foreach (var (n, t) in instance.Exports) scope.Add(n, t);
                        _byName[name] = scope;
                        _packageInterfaces.Add(scope);
                        Register(scope, scope.Types);
                    }
                    else
                    {
                        // The same interface imported and exported: the second instance names its own objects.
                        var other = new WitScope(name, scope.LocalName);
                        foreach (var (n, t) in instance.Exports) other.Add(n, t);
                        foreach (var (n, t) in other.Types) scope.LocalNames.TryAdd(t, n);
                        Register(scope, other.Types);
                    }

                    items.Add(new WorldItem(ItemKind.PackageInterface, name, scope, null));
                    break;
                case InstanceType instance:
                {
                    var inline = new WitScope(null, name);
                    foreach (var (n, t) in instance.Exports) inline.Add(n, t);
                    Register(inline, inline.Types);
                    items.Add(new WorldItem(ItemKind.InlineInterface, name, inline, null));
                    break;
                }

                case FuncExternType func:
                    if (isImport) _world.Functions.Add((name, func.Type));
                    items.Add(new WorldItem(ItemKind.Function, name, null, func.Type));
                    break;
                case TypeExternType when isImport:
                {
                    int before = _world.Types.Count;
                    _world.Add(name, type);
                    Register(_world, _world.Types.Skip(before));
                    break;
                }
            }
        }

        private void Register(WitScope scope, IEnumerable<(string Name, object Type)> types)
        {
            foreach (var (name, type) in types)
                if (!WitScope.IsPrimitive(type)) _owners.TryAdd(type, (scope, name));
        }

        public string PrintRoot()
        {
            _out.Clear();
            Line($"package {RootPackage};");
            Line("");
            Line($"world {RootWorld} {{");
            _indent++;
            foreach (var item in _imports)
                if (item.Kind != ItemKind.Function) PrintWorldItem("import", item);
            PrintTypes(_world);
            foreach (var item in _imports)
            {
                if (item.Kind != ItemKind.Function) continue;
                if (WitScope.ParseFunctionName(item.Name).Resource is not null) continue; // printed in its resource
                PrintWorldItem("import", item);
            }

            if (_exports.Count > 0 && (_imports.Count > 0 || _world.Types.Count > 0)) Line("");
            foreach (var item in _exports) PrintWorldItem("export", item);
            _indent--;
            Line("}");
            return _out.ToString();
        }

        public string PrintDependencies()
        {
            _out.Clear();
            var packages = new List<string>();
            foreach (var scope in _packageInterfaces)
                if (!packages.Contains(scope.PackageName!)) packages.Add(scope.PackageName!);
            foreach (string package in packages)
            {
                if (_out.Length > 0) Line("");
                Line($"package {Path(package)} {{");
                _indent++;
                bool first = true;
                foreach (var scope in _packageInterfaces.Where(s => s.PackageName == package))
                {
                    if (!first) Line("");
                    first = false;
                    Line($"interface {Id(scope.InterfaceName!)} {{");
                    _indent++;
                    PrintScopeBody(scope);
                    _indent--;
                    Line("}");
                }

                _indent--;
                Line("}");
            }

            return _out.ToString();
        }

        public List<(string Name, bool IsImport, string Wit)> PrintItems()
        {
            var items = new List<(string, bool, string)>();
            foreach (var (list, isImport) in new[] { (_imports, true), (_exports, false) })
            {
                foreach (var item in list)
                {
                    _out.Clear();
                    _indent = 0;
                    if (item.Kind == ItemKind.Function)
                    {
                        var (form, _, _) = WitScope.ParseFunctionName(item.Name);
                        _out.Append(Async(form, item.Func!)).Append("func").Append(Signature(item.Func!, _world, skipSelf: false));
                    }
                    else
                    {
                        Line("interface {");
                        _indent++;
                        PrintScopeBody(item.Scope!);
                        _indent--;
                        _out.Append('}');
                    }
                    items.Add((item.Name, isImport, _out.ToString()));
                }
            }
            return items;
        }

        private void PrintWorldItem(string keyword, WorldItem item)
        {
            switch (item.Kind)
            {
                case ItemKind.PackageInterface:
                    Line($"{keyword} {Path(item.Name)};");
                    break;
                case ItemKind.InlineInterface:
                    Line($"{keyword} {Id(item.Name)}: interface {{");
                    _indent++;
                    PrintScopeBody(item.Scope!);
                    _indent--;
                    Line("}");
                    break;
                default:
                    var (form, _, itemName) = WitScope.ParseFunctionName(item.Name);
                    Line($"{keyword} {Id(itemName)}: {Async(form, item.Func!)}func{Signature(item.Func!, _world, skipSelf: false)};");
                    break;
            }
        }

        private void PrintScopeBody(WitScope scope)
        {
            PrintTypes(scope);
            foreach (var (name, func) in scope.Functions)
            {
                var (form, resource, item) = WitScope.ParseFunctionName(name);
                if (resource is not null) continue;
                Line($"{Id(item)}: {Async(form, func)}func{Signature(func, scope, skipSelf: false)};");
            }
        }

        /// <summary><c>"async "</c> for async functions: an async function type, or an <c>[async]</c> name.</summary>
        private static string Async(FunctionForm form, ComponentFuncType func) =>
            func.IsAsync || form is FunctionForm.Async or FunctionForm.AsyncMethod or FunctionForm.AsyncStatic ? "async " : "";

        private void Line(string text)
        {
            if (text.Length > 0) _out.Append(' ', 2 * _indent).Append(text);
            _out.Append('\n');
        }
    }
}
