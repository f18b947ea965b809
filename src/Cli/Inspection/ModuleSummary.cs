using System.Text.Json.Nodes;
using Wasm;
using Wasm.Binary;
using Wasm.Model;

namespace WasmCs.Cli.Inspection;

/// <summary>
/// Summarises a core module as decoded by <see cref="ModuleDecoder"/>: sections with their sizes, imports and
/// exports with their types, the entity counts, segments, the start function and custom sections. The result is
/// a JSON tree whose key order is fixed, so <c>--json</c> output is stable; the text form is rendered from it.
/// </summary>
internal static class ModuleSummary
{
    private static readonly string[] SectionNames =
    [
        "custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code",
        "data", "datacount", "tag",
    ];

    /// <summary>Decodes <paramref name="bytes"/> and summarises it.</summary>
    /// <exception cref="WasmException">The bytes are not a well-formed module.</exception>
    public static JsonObject Build(ReadOnlyMemory<byte> bytes)
    {
        var m = ModuleDecoder.Decode(bytes);
        var summary = new JsonObject
        {
            ["kind"] = "module",
            ["size"] = bytes.Length,
            ["sections"] = Sections(m),
            ["imports"] = Imports(m),
            ["exports"] = Exports(m),
            ["functions"] = Counts(m.ImportedFuncs, m.FuncTypeIndices.Count - m.ImportedFuncs),
            ["tables"] = Tables(m),
            ["memories"] = Memories(m),
            ["globals"] = Globals(m),
            ["elementSegments"] = Elements(m),
            ["dataSegments"] = Datas(m),
            ["start"] = m.Start is { } start ? start : null,
            ["customSections"] = CustomSections(m),
        };
        return summary;
    }

    private static JsonArray Sections(ModuleInfo m)
    {
        var sections = new JsonArray();
        int custom = 0;
        foreach (var s in m.Sections)
        {
            string name = s.Id == 0 ? m.CustomSections[custom++].Name : SectionNames[s.Id];
            sections.Add(new JsonObject
            {
                ["id"] = s.Id,
                ["name"] = name,
                ["offset"] = s.Offset,
                ["size"] = s.Size,
            });
        }
        return sections;
    }

    private static JsonArray Imports(ModuleInfo m)
    {
        var imports = new JsonArray();
        foreach (var i in m.Imports)
        {
            string type = i.Kind switch
            {
                ExternKind.Func => i.TypeIndex < (uint)m.Types.Count ? Describe(m.Types[(int)i.TypeIndex]) : $"(type {i.TypeIndex})",
                ExternKind.Table => Describe(i.Table),
                ExternKind.Memory => Describe(i.Memory),
                _ => Describe(i.Global),
            };
            imports.Add(new JsonObject
            {
                ["module"] = i.Module,
                ["name"] = i.Name,
                ["kind"] = KindName(i.Kind),
                ["type"] = type,
            });
        }
        return imports;
    }

    private static JsonArray Exports(ModuleInfo m)
    {
        var exports = new JsonArray();
        foreach (var e in m.Exports)
        {
            // The module is decoded but not validated: an index may be out of range, which is shown as such.
            int i = (int)Math.Min(e.Index, int.MaxValue);
            string? type = e.Kind switch
            {
                ExternKind.Func when i < m.FuncTypeIndices.Count && m.FuncTypeIndices[i] < (uint)m.Types.Count => Describe(m.FuncTypeOf(e.Index)),
                ExternKind.Table when i < m.Tables.Count => Describe(m.Tables[i]),
                ExternKind.Memory when i < m.Memories.Count => Describe(m.Memories[i]),
                ExternKind.Global when i < m.Globals.Count => Describe(m.Globals[i].Type),
                _ => null,
            };
            exports.Add(new JsonObject
            {
                ["name"] = e.Name,
                ["kind"] = KindName(e.Kind),
                ["index"] = e.Index,
                ["type"] = type ?? $"(unknown {KindName(e.Kind)} {e.Index})",
            });
        }
        return exports;
    }

    private static JsonObject Counts(int imported, int defined) => new()
    {
        ["imported"] = imported,
        ["defined"] = defined,
    };

    private static JsonArray Tables(ModuleInfo m)
    {
        var tables = new JsonArray();
        for (int i = 0; i < m.Tables.Count; i++)
        {
            var t = m.Tables[i];
            tables.Add(new JsonObject
            {
                ["imported"] = i < m.ImportedTables,
                ["element"] = t.Element.ToString(),
                ["min"] = t.Limits.Min,
                ["max"] = t.Limits.Max,
                ["is64"] = t.Is64,
            });
        }
        return tables;
    }

    private static JsonArray Memories(ModuleInfo m)
    {
        var memories = new JsonArray();
        for (int i = 0; i < m.Memories.Count; i++)
        {
            var t = m.Memories[i];
            memories.Add(new JsonObject
            {
                ["imported"] = i < m.ImportedMemories,
                ["minPages"] = t.Limits.Min,
                ["maxPages"] = t.Limits.Max,
                ["is64"] = t.Is64,
            });
        }
        return memories;
    }

    private static JsonObject Globals(ModuleInfo m)
    {
        int mutable = 0;
        foreach (var g in m.Globals)
            if (g.Type.Mutable) mutable++;
        var counts = Counts(m.ImportedGlobals, m.Globals.Count - m.ImportedGlobals);
        counts["mutable"] = mutable;
        return counts;
    }

    private static JsonObject Elements(ModuleInfo m)
    {
        int active = 0, passive = 0, declarative = 0, items = 0;
        foreach (var e in m.Elements)
        {
            items += e.Items.Length;
            switch (e.Mode)
            {
                case SegmentMode.Active: active++; break;
                case SegmentMode.Passive: passive++; break;
                default: declarative++; break;
            }
        }
        return new JsonObject
        {
            ["count"] = m.Elements.Count,
            ["items"] = items,
            ["active"] = active,
            ["passive"] = passive,
            ["declarative"] = declarative,
        };
    }

    private static JsonObject Datas(ModuleInfo m)
    {
        int active = 0, passive = 0;
        long bytes = 0;
        foreach (var d in m.Datas)
        {
            bytes += d.Data.Length;
            if (d.Mode == SegmentMode.Active) active++;
            else passive++;
        }
        return new JsonObject
        {
            ["count"] = m.Datas.Count,
            ["bytes"] = bytes,
            ["active"] = active,
            ["passive"] = passive,
        };
    }

    private static JsonArray CustomSections(ModuleInfo m)
    {
        var sections = new JsonArray();
        foreach (var c in m.CustomSections) sections.Add(CustomSectionSummary.Build(c.Name, c.Data.Span));
        return sections;
    }

    internal static string KindName(ExternKind kind) => kind switch
    {
        ExternKind.Func => "func",
        ExternKind.Table => "table",
        ExternKind.Memory => "memory",
        ExternKind.Global => "global",
        _ => "tag",
    };

    /// <summary>The text format's signature, leaving out empty parameter and result lists.</summary>
    private static string Describe(FuncType t)
    {
        var text = new System.Text.StringBuilder("(func");
        if (t.Parameters.Length > 0) text.Append(" (param ").AppendJoin(' ', t.Parameters).Append(')');
        if (t.Results.Length > 0) text.Append(" (result ").AppendJoin(' ', t.Results).Append(')');
        return text.Append(')').ToString();
    }

    private static string Limits(Limits l) => l.Max is { } max ? $"{l.Min}..{max}" : $"{l.Min}..";

    private static string Describe(TableType t) => $"table {(t.Is64 ? "i64 " : "")}{Limits(t.Limits)} {t.Element}";

    private static string Describe(MemoryType t) => $"memory {(t.Is64 ? "i64 " : "")}{Limits(t.Limits)} pages";

    private static string Describe(GlobalType t) => t.Mutable ? $"global (mut {t.Type})" : $"global {t.Type}";
}
