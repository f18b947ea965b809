using System.Text.Json.Nodes;
using Wasm;
using Wasm.Components;
using Wasm.Components.Binary;
using Wasm.Components.Model;
using Wasm.Components.WitPrinting;

namespace WasmCs.Cli.Inspection;

/// <summary>
/// Summarises a component as decoded by <see cref="ComponentDecoder"/>: imports and exports (with their WIT for
/// the outermost component, which is validated to learn its types), nested core modules and components each with
/// their own summary, instances, canonical functions and custom sections.
/// </summary>
internal static class ComponentSummary
{
    /// <summary>Decodes <paramref name="bytes"/> and summarises it.</summary>
    /// <exception cref="WasmException">The bytes are not a well-formed component.</exception>
    public static JsonObject Build(ReadOnlyMemory<byte> bytes)
    {
        var ast = ComponentDecoder.Decode(bytes);

        // WIT-level types come from validation; a component that decodes but does not validate is still summarised.
        Dictionary<(string, bool), string>? wit = null;
        string? invalid = null;
        try
        {
            var type = Component.FromBytes(new Engine(), bytes.Span).Type;
            wit = new();
            foreach (var (name, isImport, text) in ComponentWitPrinter.PrintItems(type)) wit[(name, isImport)] = text;
        }
        catch (WasmException e)
        {
            invalid = e.Message;
        }

        var summary = Summarise(ast, bytes, wit);
        if (invalid is not null) summary["validationError"] = invalid;
        return summary;
    }

    private static JsonObject Summarise(ComponentAst ast, ReadOnlyMemory<byte> whole, Dictionary<(string, bool), string>? wit)
    {
        var imports = new JsonArray();
        var exports = new JsonArray();
        var modules = new JsonArray();
        var components = new JsonArray();
        var coreInstances = new JsonArray();
        var instances = new JsonArray();
        var canons = new JsonArray();
        int aliases = 0, types = 0, coreTypes = 0;
        foreach (var d in ast.Definitions)
        {
            switch (d)
            {
                case ImportDefinition i:
                {
                    var item = new JsonObject { ["name"] = i.Name.Name, ["kind"] = DescKind(i.Type) };
                    if (wit is not null && wit.TryGetValue((i.Name.Name, true), out var text)) item["wit"] = text;
                    imports.Add(item);
                    break;
                }
                case ExportDefinition e:
                {
                    var item = new JsonObject { ["name"] = e.Name.Name, ["kind"] = SortName(e.Item.Sort, e.Item.Core), ["index"] = e.Item.Index };
                    if (wit is not null && wit.TryGetValue((e.Name.Name, false), out var text)) item["wit"] = text;
                    exports.Add(item);
                    break;
                }
                case CoreModuleDefinition m:
                {
                    JsonObject module;
                    try
                    {
                        module = ModuleSummary.Build(m.Bytes);
                    }
                    catch (MalformedModuleException e)
                    {
                        // The module decoder counts from the module's own preamble; report where it is in the file.
                        throw new MalformedModuleException(e.Reason, m.BytesOffset + e.Offset);
                    }
                    module["offset"] = m.BytesOffset;
                    modules.Add(module);
                    break;
                }
                case ComponentDefinition c:
                {
                    var nested = Summarise(c.Component, whole, null);
                    nested["size"] = c.Component.End - c.Component.Offset;
                    nested["offset"] = c.Component.Offset;
                    components.Add(nested);
                    break;
                }
                case CoreInstantiateDefinition ci:
                {
                    var args = new JsonArray();
                    foreach (var (name, instance) in ci.Args) args.Add(new JsonObject { ["name"] = name, ["instance"] = instance });
                    coreInstances.Add(new JsonObject { ["instantiate"] = ci.Module, ["args"] = args });
                    break;
                }
                case CoreInlineInstanceDefinition ci:
                {
                    var items = new JsonArray();
                    foreach (var (name, sort, index) in ci.Exports)
                        items.Add(new JsonObject { ["name"] = name, ["kind"] = CoreSortName(sort), ["index"] = index });
                    coreInstances.Add(new JsonObject { ["exports"] = items });
                    break;
                }
                case InstantiateDefinition inst:
                {
                    var args = new JsonArray();
                    foreach (var (name, item) in inst.Args)
                        args.Add(new JsonObject { ["name"] = name, ["kind"] = SortName(item.Sort, item.Core), ["index"] = item.Index });
                    instances.Add(new JsonObject { ["instantiate"] = inst.Component, ["args"] = args });
                    break;
                }
                case InlineInstanceDefinition inst:
                {
                    var items = new JsonArray();
                    foreach (var (name, item) in inst.Exports)
                        items.Add(new JsonObject { ["name"] = name.Name, ["kind"] = SortName(item.Sort, item.Core), ["index"] = item.Index });
                    instances.Add(new JsonObject { ["exports"] = items });
                    break;
                }
                case CanonDefinition c:
                    canons.Add(Canonical(c.Canon));
                    break;
                case AliasDefinition:
                    aliases++;
                    break;
                case TypeDefinition:
                    types++;
                    break;
                case CoreTypeDefinition:
                    coreTypes++;
                    break;
            }
        }

        var custom = new JsonArray();
        foreach (var (name, data) in ast.CustomSections) custom.Add(CustomSectionSummary.Build(name, data.Span));

        return new JsonObject
        {
            ["kind"] = "component",
            ["size"] = whole.Length,
            ["imports"] = imports,
            ["exports"] = exports,
            ["coreModules"] = modules,
            ["components"] = components,
            ["coreInstances"] = coreInstances,
            ["instances"] = instances,
            ["canonicalFunctions"] = canons,
            ["aliases"] = aliases,
            ["types"] = types,
            ["coreTypes"] = coreTypes,
            ["customSections"] = custom,
        };
    }

    private static JsonObject Canonical(Canon c)
    {
        var o = new JsonObject();
        switch (c.Kind)
        {
            case CanonKind.Lift:
                o["kind"] = "lift";
                o["coreFunc"] = c.Func;
                o["type"] = c.Type;
                break;
            case CanonKind.Lower:
                o["kind"] = "lower";
                o["func"] = c.Func;
                break;
            case CanonKind.ResourceNew or CanonKind.ResourceDrop or CanonKind.ResourceDropAsync or CanonKind.ResourceRep:
                o["kind"] = c.Kind switch
                {
                    CanonKind.ResourceNew => "resource.new",
                    CanonKind.ResourceDrop => "resource.drop",
                    CanonKind.ResourceDropAsync => "resource.drop async",
                    _ => "resource.rep",
                };
                o["resource"] = c.Type;
                break;
            default:
                o["kind"] = $"built-in 0x{c.Opcode:x2}";
                break;
        }
        var options = new JsonArray();
        foreach (var opt in c.Options)
        {
            options.Add(opt.Kind switch
            {
                0 => "string-encoding=utf8",
                1 => "string-encoding=utf16",
                2 => "string-encoding=latin1+utf16",
                3 => $"memory {opt.Index}",
                4 => $"realloc {opt.Index}",
                5 => $"post-return {opt.Index}",
                6 => "async",
                7 => $"callback {opt.Index}",
                8 => $"core-type {opt.Index}",
                _ => "gc",
            });
        }
        o["options"] = options;
        return o;
    }

    private static string DescKind(ExternDesc d) => d.Kind switch
    {
        ExternDescKind.CoreModule => "core module",
        ExternDescKind.Func => "func",
        ExternDescKind.Value => "value",
        ExternDescKind.Type => d.SubResource ? "resource" : "type",
        ExternDescKind.Component => "component",
        _ => "instance",
    };

    private static string SortName(Sort sort, CoreSort core) => sort switch
    {
        Sort.Core => "core " + CoreSortName(core),
        Sort.Func => "func",
        Sort.Value => "value",
        Sort.Type => "type",
        Sort.Component => "component",
        _ => "instance",
    };

    private static string CoreSortName(CoreSort sort) => sort switch
    {
        CoreSort.Func => "func",
        CoreSort.Table => "table",
        CoreSort.Memory => "memory",
        CoreSort.Global => "global",
        CoreSort.Tag => "tag",
        CoreSort.Type => "type",
        CoreSort.Module => "module",
        _ => "instance",
    };
}
