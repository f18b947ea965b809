using System.Collections.Generic;
using System.Text;
using Wit.Lexing;
using Wit.Model;

namespace Wit.Text;

/// <summary>
/// Prints resolved packages back as canonical WIT text. With one package the file form
/// (`package a:b;`) is used; with several, every package becomes a `package a:b { ... }` block,
/// dependencies first, which parses back to the same packages.
/// </summary>
public sealed partial class WitPrinter
{
    private readonly Resolve _resolve;
    private readonly StringBuilder _out = new();
    private int _indent;

    private WitPrinter(Resolve resolve) => _resolve = resolve;

    /// <summary>Prints every package of a resolve.</summary>
    public static string Print(Resolve resolve)
    {
        var printer = new WitPrinter(resolve);
        var packages = new List<PackageId>();
        for (int i = 0; i < resolve.Packages.Count; i++)
        {
            packages.Add(new PackageId(i));
        }

        printer.PrintPackages(packages);
        return printer._out.ToString();
    }

    /// <summary>Prints a single package (its dependencies are referenced by name only).</summary>
    public static string PrintPackage(Resolve resolve, PackageId package)
    {
        var printer = new WitPrinter(resolve);
        printer.PrintPackages(new List<PackageId> { package });
        return printer._out.ToString();
    }

    /// <summary>The last package is printed in file form; the others become nested blocks before its items.</summary>
    private void PrintPackages(List<PackageId> packages)
    {
        var main = packages[packages.Count - 1];
        PrintDocs(_resolve[main].Docs);
        Line($"package {PackageNameText(_resolve[main].Name)};");
        for (int p = 0; p < packages.Count - 1; p++)
        {
            var package = _resolve[packages[p]];
            Line(string.Empty);
            PrintDocs(package.Docs);
            Line($"package {PackageNameText(package.Name)} {{");
            _indent++;
            PrintPackageItems(packages[p]);
            _indent--;
            Line("}");
        }

        Line(string.Empty);
        PrintPackageItems(main);
    }

    private void PrintPackageItems(PackageId id)
    {
        var package = _resolve[id];
        bool first = true;
        foreach (var entry in package.Interfaces)
        {
            if (!first)
            {
                Line(string.Empty);
            }

            first = false;
            var iface = _resolve[entry.Value];
            PrintDocs(iface.Docs);
            PrintStability(iface.Stability);
            Line($"interface {Escape(entry.Key)} {{");
            _indent++;
            PrintInterfaceBody(entry.Value, id);
            _indent--;
            Line("}");
        }

        foreach (var entry in package.Worlds)
        {
            if (!first)
            {
                Line(string.Empty);
            }

            first = false;
            PrintWorld(entry.Value, id);
        }
    }

    private void PrintInterfaceBody(InterfaceId id, PackageId currentPackage)
    {
        var iface = _resolve[id];
        var owner = TypeOwner.OfInterface(id);
        var types = new List<TypeId>();
        foreach (var entry in iface.Types)
        {
            types.Add(entry.Value);
        }

        PrintTypes(types, owner, currentPackage, iface.Functions.Values);
        foreach (var entry in iface.Functions)
        {
            if (entry.Value.Resource is null)
            {
                PrintFunction(entry.Value, ItemName(entry.Value));
            }
        }
    }

    /// <summary>Prints `use` statements for imported types, then local type definitions (resources with their functions).</summary>
    private void PrintTypes(List<TypeId> types, TypeOwner owner, PackageId currentPackage, IEnumerable<Function> functions)
    {
        var uses = new List<(InterfaceId From, string Name, string As)>();
        foreach (var id in types)
        {
            var type = _resolve[id];
            if (type.Kind is AliasKind { Target.IsId: true } alias && _resolve[alias.Target.Id].Owner != owner
                && _resolve[alias.Target.Id].Owner.Kind == TypeOwnerKind.Interface && _resolve[alias.Target.Id].Name is { } targetName)
            {
                uses.Add((_resolve[alias.Target.Id].Owner.Interface, targetName, type.Name!));
            }
        }

        for (int i = 0; i < uses.Count; i++)
        {
            if (uses[i].Name is null)
            {
                continue;
            }

            var from = uses[i].From;
            var names = new List<string>();
            for (int j = i; j < uses.Count; j++)
            {
                if (uses[j].From == from && uses[j].Name is not null)
                {
                    names.Add(uses[j].Name == uses[j].As ? Escape(uses[j].Name) : $"{Escape(uses[j].Name)} as {Escape(uses[j].As)}");
                    uses[j] = (from, null!, null!);
                }
            }

            Line($"use {InterfacePath(from, currentPackage)}.{{{string.Join(", ", names)}}};");
        }

        foreach (var id in types)
        {
            var type = _resolve[id];
            if (type.Kind is AliasKind { Target.IsId: true } alias && _resolve[alias.Target.Id].Owner != owner
                && _resolve[alias.Target.Id].Owner.Kind == TypeOwnerKind.Interface)
            {
                continue;
            }

            PrintTypeDef(id, functions);
        }
    }

    private string InterfacePath(InterfaceId id, PackageId currentPackage)
    {
        var iface = _resolve[id];
        if (iface.Package == currentPackage || iface.Package is null)
        {
            return Escape(iface.Name ?? "unknown");
        }

        var name = _resolve[iface.Package.Value].Name;
        string path = $"{Escape(name.Namespace)}:{Escape(name.Name)}/{Escape(iface.Name ?? "unknown")}";
        return name.Version is null ? path : path + "@" + name.Version;
    }

    private void PrintWorld(WorldId id, PackageId currentPackage)
    {
        var world = _resolve[id];
        PrintDocs(world.Docs);
        PrintStability(world.Stability);
        Line($"world {Escape(world.Name)} {{");
        _indent++;
        var types = new List<TypeId>();
        var functions = new List<Function>();
        foreach (var entry in world.Imports)
        {
            if (entry.Value is WorldTypeItem type)
            {
                types.Add(type.Id);
            }
            else if (entry.Value is WorldFunctionItem function)
            {
                functions.Add(function.Function);
            }
        }

        foreach (var entry in world.Imports)
        {
            if (entry.Value is WorldInterfaceItem)
            {
                PrintWorldItem("import", entry.Key, entry.Value, currentPackage);
            }
        }

        PrintTypes(types, TypeOwner.OfWorld(id), currentPackage, functions);
        foreach (var entry in world.Imports)
        {
            if (entry.Value is WorldFunctionItem { Function.Resource: null })
            {
                PrintWorldItem("import", entry.Key, entry.Value, currentPackage);
            }
        }

        foreach (var entry in world.Exports)
        {
            PrintWorldItem("export", entry.Key, entry.Value, currentPackage);
        }

        _indent--;
        Line("}");
    }

    private void PrintWorldItem(string direction, WorldKey key, WorldItem item, PackageId currentPackage)
    {
        switch (item)
        {
            case WorldInterfaceItem iface:
                PrintDocs(iface.Docs);
                PrintStability(iface.Stability);
                if (key.IsInterface)
                {
                    Line($"{direction} {InterfacePath(iface.Id, currentPackage)};");
                }
                else if (_resolve[iface.Id].Name is not null)
                {
                    Line($"{direction} {Escape(key.Name!)}: {InterfacePath(iface.Id, currentPackage)};");
                }
                else
                {
                    var inline = _resolve[iface.Id];
                    PrintDocs(inline.Docs);
                    Line($"{direction} {Escape(key.Name!)}: interface {{");
                    _indent++;
                    PrintInterfaceBody(iface.Id, currentPackage);
                    _indent--;
                    Line("}");
                }

                break;
            case WorldFunctionItem function:
                PrintFunction(function.Function, key.Name!, direction + " ");
                break;
        }
    }

    private void PrintDocs(string? docs)
    {
        if (docs is null)
        {
            return;
        }

        foreach (var line in docs.Split('\n'))
        {
            Line(line.Length == 0 ? "///" : "/// " + line);
        }
    }

    private void PrintStability(Stability stability)
    {
        switch (stability.Kind)
        {
            case StabilityKind.Stable:
                Line($"@since(version = {stability.Since})");
                break;
            case StabilityKind.Unstable:
                Line($"@unstable(feature = {stability.Feature})");
                break;
        }

        if (stability.Deprecated is not null)
        {
            Line($"@deprecated(version = {stability.Deprecated})");
        }
    }

    private void Line(string text)
    {
        if (text.Length > 0)
        {
            _out.Append(' ', _indent * 2);
        }

        _out.Append(text).Append('\n');
    }

    private static string PackageNameText(PackageName name)
    {
        string text = Escape(name.Namespace) + ":" + Escape(name.Name);
        return name.Version is null ? text : text + "@" + name.Version;
    }

    /// <summary>Escapes identifiers that collide with keywords using `%`.</summary>
    internal static string Escape(string name) => Keywords.IsKeyword(name) ? "%" + name : name;
}
