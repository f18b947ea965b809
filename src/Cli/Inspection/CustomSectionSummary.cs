using System.Text.Json.Nodes;
using Wasm;
using Wasm.Binary;

namespace WasmCs.Cli.Inspection;

/// <summary>
/// Summarises a custom section: its name and size, and for the two sections toolchains almost always leave
/// behind, their contents: <c>name</c> (the module name and how many entries each name map holds) and
/// <c>producers</c> (language, processed-by and sdk entries). A custom section that does not follow its
/// convention is only reported as unreadable: custom sections never make a binary malformed.
/// </summary>
internal static class CustomSectionSummary
{
    private static readonly string[] NameSubsections =
    [
        "module", "functions", "locals", "labels", "types", "tables", "memories", "globals", "elements", "data",
        "fields", "tags",
    ];

    public static JsonObject Build(string name, ReadOnlySpan<byte> data)
    {
        var summary = new JsonObject { ["name"] = name, ["size"] = data.Length };
        try
        {
            if (name == "producers") summary["producers"] = Producers(data);
            else if (name == "name") summary["names"] = Names(data);
        }
        catch (MalformedModuleException e)
        {
            summary["unreadable"] = e.Message;
        }
        return summary;
    }

    /// <summary>Fields in order, each a list of <c>{ name, version }</c>.</summary>
    private static JsonObject Producers(ReadOnlySpan<byte> data)
    {
        var r = new WasmReader(data, 0, data.Length);
        var fields = new JsonObject();
        int n = r.ReadCount();
        for (int i = 0; i < n; i++)
        {
            string field = r.ReadName();
            var values = new JsonArray();
            int k = r.ReadCount();
            for (int j = 0; j < k; j++)
            {
                string value = r.ReadName();
                string version = r.ReadName();
                values.Add(new JsonObject { ["name"] = value, ["version"] = version });
            }
            fields[field] = values;
        }
        return fields;
    }

    /// <summary>The module name, and the number of entries of every other subsection (by its extended-name-section
    /// meaning; unknown ids by number).</summary>
    private static JsonObject Names(ReadOnlySpan<byte> data)
    {
        var r = new WasmReader(data, 0, data.Length);
        var names = new JsonObject();
        while (!r.AtEnd)
        {
            byte id = r.ReadByte();
            int size = r.ReadLength();
            int end = r.Position + size;
            if (end > r.End) throw WasmReader.Error(WasmReader.UnexpectedEnd, r.End);
            var s = new WasmReader(data, r.Position, end);
            string key = id < NameSubsections.Length ? NameSubsections[id] : $"subsection {id}";
            if (id == 0) names[key] = s.ReadName();
            else names[key] = s.ReadCount();
            r.Position = end;
        }
        return names;
    }
}
