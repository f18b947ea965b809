using System.Collections.Generic;
using Wit.Ast;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>
/// Resolves the files of one package (names, `use`, types) into an <see cref="UnresolvedPackage"/>:
/// everything is checked and numbered except references into other packages.
/// </summary>
internal sealed partial class PackageBuilder
{
    private readonly List<List<TopLevelItemSyntax>> _declLists = new();
    private PackageName? _packageName;
    private TextSpan _packageNameSpan = TextSpan.Unknown;
    private string? _packageDocs;

    private readonly List<TypeDef> _types = new();
    private readonly List<Interface> _interfaces = new();
    private readonly List<World> _worlds = new();
    private readonly Dictionary<string, TypeId> _anonTypes = new(System.StringComparer.Ordinal);

    private int _currentDeclList;
    private readonly List<Dictionary<string, ItemRef>> _fileItems = new();
    private readonly Dictionary<string, ItemRef> _packageItems = new(System.StringComparer.Ordinal);
    private readonly List<OrderedMap<string, NameBinding>> _interfaceTypes = new();
    private readonly OrderedMap<PackageName, OrderedMap<string, ForeignItem>> _foreignDeps = new();
    private readonly HashSet<int> _foreignInterfaces = new();
    private readonly List<TextSpan> _foreignDepSpans = new();
    private readonly List<TextSpan> _unknownTypeSpans = new();
    private readonly List<(TypeId, TextSpan)> _requiredResourceTypes = new();
    private OrderedMap<string, NameBinding> _typeLookup = new();

    /// <summary>What a name in an interface or world scope is bound to.</summary>
    private readonly record struct NameBinding(TypeId? Type, string? ItemKind, TextSpan Span);

    /// <summary>Adds one file (or nested package body) to the package.</summary>
    public void Push(PackageFileSyntax file)
    {
        if (file.PackageName is { } current)
        {
            var name = current.ToPackageName();
            if (_packageName is not null && !_packageName.Equals(name))
            {
                throw new WitException($"package identifier `{name}` does not match previous package name of `{_packageName}`", current.Span);
            }

            _packageName = name;
            _packageNameSpan = current.Span;
            string? docs = DocsText.From(current.Docs);
            if (docs is not null)
            {
                if (_packageDocs is not null)
                {
                    throw new WitException("found doc comments on multiple 'package' items", current.Docs.Span);
                }

                _packageDocs = docs;
            }
        }

        foreach (var item in file.Items)
        {
            if (item is NestedPackageSyntax nested)
            {
                throw new WitException("nested packages must be placed at the top-level", nested.File.PackageName!.Span);
            }
        }

        _declLists.Add(file.Items);
    }

    /// <summary>Resolves everything pushed so far.</summary>
    public UnresolvedPackage Build()
    {
        if (_packageName is null)
        {
            throw new WitException("no `package` header was found in any WIT file for this package");
        }

        var visits = new List<List<PathVisit>>(_declLists.Count);
        foreach (var declList in _declLists)
        {
            visits.Add(CollectPaths(declList));
        }

        PopulateForeignDeps(visits);
        var (interfaceOrder, worldOrder) = PopulateAstItems();
        PopulateForeignTypes(visits);

        var interfaceAsts = new Dictionary<int, (InterfaceSyntax, int)>();
        var worldAsts = new Dictionary<int, (WorldSyntax, int)>();
        for (int i = 0; i < _declLists.Count; i++)
        {
            foreach (var item in _declLists[i])
            {
                switch (item)
                {
                    case InterfaceSyntax iface:
                        interfaceAsts[_fileItems[i][iface.Name.Name].Index] = (iface, i);
                        break;
                    case WorldSyntax world:
                        worldAsts[_fileItems[i][world.Name.Name].Index] = (world, i);
                        break;
                }
            }
        }

        foreach (int id in interfaceOrder)
        {
            var (iface, declList) = interfaceAsts[id];
            _currentDeclList = declList;
            ResolveInterface(id, iface.Items, iface.Docs, iface.Attributes);
        }

        foreach (int id in worldOrder)
        {
            var (world, declList) = worldAsts[id];
            _currentDeclList = declList;
            ResolveWorld(id, world);
        }

        var package = new UnresolvedPackage(_packageName, _packageNameSpan, _packageDocs);
        package.Types.AddRange(_types);
        package.Interfaces.AddRange(_interfaces);
        package.Worlds.AddRange(_worlds);
        foreach (var dep in _foreignDeps)
        {
            package.ForeignDeps.Insert(dep.Key, dep.Value);
        }

        package.ForeignDepSpans.AddRange(_foreignDepSpans);
        package.UnknownTypeSpans.AddRange(_unknownTypeSpans);
        package.RequiredResourceTypes.AddRange(_requiredResourceTypes);
        return package;
    }

    private enum PathUse
    {
        World,
        Interface,
        Unknown,
    }

    /// <summary>One reference to an interface or world found in a file, in the reference's visiting order.</summary>
    private sealed record PathVisit(Identifier? Owner, List<AttributeSyntax> Attributes, UsePathSyntax Path, List<UseNameSyntax>? Names, PathUse Kind);

    private static List<PathVisit> CollectPaths(List<TopLevelItemSyntax> items)
    {
        var visits = new List<PathVisit>();
        foreach (var item in items)
        {
            switch (item)
            {
                case WorldSyntax world:
                {
                    // Imports are visited before exports, whatever their textual order.
                    var imports = new List<ImportExportSyntax>();
                    var exports = new List<ImportExportSyntax>();
                    foreach (var worldItem in world.Items)
                    {
                        switch (worldItem)
                        {
                            case WorldUseSyntax use:
                                visits.Add(new PathVisit(null, use.Use.Attributes, use.Use.From, use.Use.Names, PathUse.Interface));
                                break;
                            case IncludeSyntax include:
                                visits.Add(new PathVisit(world.Name, include.Attributes, include.From, null, PathUse.World));
                                break;
                            case ImportExportSyntax ie:
                                (ie.IsExport ? exports : imports).Add(ie);
                                break;
                        }
                    }

                    foreach (var ie in imports)
                    {
                        VisitExtern(ie, visits);
                    }

                    foreach (var ie in exports)
                    {
                        VisitExtern(ie, visits);
                    }

                    break;
                }

                case InterfaceSyntax iface:
                    foreach (var ifaceItem in iface.Items)
                    {
                        if (ifaceItem is InterfaceUseSyntax use)
                        {
                            visits.Add(new PathVisit(iface.Name, use.Use.Attributes, use.Use.From, use.Use.Names, PathUse.Interface));
                        }
                    }

                    break;
                case TopLevelUseSyntax topUse:
                    visits.Add(new PathVisit(null, topUse.Attributes, topUse.Item, null, PathUse.Unknown));
                    break;
            }
        }

        return visits;
    }

    private static void VisitExtern(ImportExportSyntax ie, List<PathVisit> visits)
    {
        var kind = ie.Kind;
        switch (kind.Kind)
        {
            case ExternKind.Interface:
                foreach (var item in kind.Items!)
                {
                    if (item is InterfaceUseSyntax use)
                    {
                        visits.Add(new PathVisit(null, use.Use.Attributes, use.Use.From, use.Use.Names, PathUse.Interface));
                    }
                }

                break;
            case ExternKind.Path:
            case ExternKind.NamedPath:
                visits.Add(new PathVisit(null, ie.Attributes, kind.Path!, null, PathUse.Interface));
                break;
        }
    }

    private void PopulateForeignDeps(List<List<PathVisit>> visits)
    {
        foreach (var list in visits)
        {
            foreach (var visit in list)
            {
                if (visit.Path.Package is not { } package)
                {
                    continue;
                }

                Stability stability;
                try
                {
                    stability = StabilityOf(visit.Attributes);
                }
                catch (WitException)
                {
                    stability = Stability.Unknown;
                }

                var packageName = package.ToPackageName();
                if (!_foreignDeps.TryGetValue(packageName, out var deps))
                {
                    deps = new OrderedMap<string, ForeignItem>();
                    _foreignDeps.Insert(packageName, deps);
                    _foreignDepSpans.Add(package.Span);
                }

                if (!deps.TryGetValue(visit.Path.Name.Name, out var foreign))
                {
                    var itemRef = visit.Kind == PathUse.World
                        ? ItemRef.World(AllocWorld(string.Empty, visit.Path.Name.Span))
                        : ItemRef.Interface(AllocInterface(null, visit.Path.Name.Span));
                    foreign = new ForeignItem(itemRef);
                    deps.Insert(visit.Path.Name.Name, foreign);
                }

                foreign.Stabilities.Add(stability);
                if (!foreign.Item.IsWorld)
                {
                    _foreignInterfaces.Add(foreign.Item.Index);
                }
            }
        }
    }

    private int AllocInterface(string? name, TextSpan span)
    {
        _interfaceTypes.Add(new OrderedMap<string, NameBinding>());
        _interfaces.Add(new Interface(name, span));
        return _interfaces.Count - 1;
    }

    private int AllocWorld(string name, TextSpan span)
    {
        _worlds.Add(new World(name, span));
        return _worlds.Count - 1;
    }
}
