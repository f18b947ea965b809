using System.Text.Json.Nodes;

namespace WasmCs.Cli.Inspection;

/// <summary>Renders a module or component summary as indented text; nested modules and components are indented
/// under their parent with their own summary.</summary>
internal sealed class SummaryText(TextWriter output)
{
    private int _indent;

    public void Write(JsonObject summary)
    {
        if ((string?)summary["kind"] == "component") Component(summary);
        else Module(summary);
    }

    private void Module(JsonObject m)
    {
        Line($"core module, {Bytes(m["size"])}{At(m)}");
        _indent++;

        var sections = m["sections"]!.AsArray();
        Line($"sections ({sections.Count}):");
        _indent++;
        foreach (var s in sections)
        {
            string name = Num(s!["id"]) == 0 ? $"custom \"{s["name"]}\"" : (string)s["name"]!;
            Line($"{name,-24} {Bytes(s["size"]),12}  at 0x{Num(s["offset"]):x}");
        }
        _indent--;

        var imports = m["imports"]!.AsArray();
        Line($"imports ({imports.Count}):");
        _indent++;
        foreach (var i in imports) Line($"{Name(i!["module"])}.{Name(i["name"])}: {i["type"]}");
        _indent--;

        var exports = m["exports"]!.AsArray();
        Line($"exports ({exports.Count}):");
        _indent++;
        foreach (var e in exports) Line($"{Name(e!["name"])}: {e["type"]}");
        _indent--;

        var f = m["functions"]!;
        Line($"functions: {f["imported"]} imported, {f["defined"]} defined");
        var tables = m["tables"]!.AsArray();
        Line($"tables: {tables.Count}");
        _indent++;
        foreach (var t in tables) Line($"{t!["element"]} min {t["min"]}, max {Max(t["max"])}{Is64(t)}{Imported(t)}");
        _indent--;
        var memories = m["memories"]!.AsArray();
        Line($"memories: {memories.Count}");
        _indent++;
        foreach (var t in memories) Line($"min {t!["minPages"]} pages, max {Max(t["maxPages"])}{Is64(t)}{Imported(t)}");
        _indent--;
        var g = m["globals"]!;
        Line($"globals: {g["imported"]} imported, {g["defined"]} defined, {g["mutable"]} mutable");
        var el = m["elementSegments"]!;
        Line($"element segments: {el["count"]} ({el["active"]} active, {el["passive"]} passive, {el["declarative"]} declarative), {el["items"]} items");
        var data = m["dataSegments"]!;
        Line($"data segments: {data["count"]} ({data["active"]} active, {data["passive"]} passive), {Bytes(data["bytes"])}");
        Line($"start: {(m["start"] is { } start ? $"func {start}" : "none")}");
        CustomSections(m["customSections"]!.AsArray());
        _indent--;
    }

    private void Component(JsonObject c)
    {
        Line($"component, {Bytes(c["size"])}{At(c)}");
        _indent++;
        if (c["validationError"] is { } invalid) Line($"does not validate: {invalid}");

        var imports = c["imports"]!.AsArray();
        Line($"imports ({imports.Count}):");
        _indent++;
        foreach (var i in imports) Item(i!);
        _indent--;

        var exports = c["exports"]!.AsArray();
        Line($"exports ({exports.Count}):");
        _indent++;
        foreach (var e in exports) Item(e!);
        _indent--;

        var modules = c["coreModules"]!.AsArray();
        Line($"core modules ({modules.Count}):");
        _indent++;
        for (int i = 0; i < modules.Count; i++)
        {
            Write(modules[i]!.AsObject());
        }
        _indent--;

        var components = c["components"]!.AsArray();
        Line($"components ({components.Count}):");
        _indent++;
        foreach (var nested in components) Write(nested!.AsObject());
        _indent--;

        var coreInstances = c["coreInstances"]!.AsArray();
        Line($"core instances ({coreInstances.Count}):");
        _indent++;
        foreach (var i in coreInstances) Instance(i!, "module", "instance");
        _indent--;

        var instances = c["instances"]!.AsArray();
        Line($"instances ({instances.Count}):");
        _indent++;
        foreach (var i in instances) Instance(i!, "component", null);
        _indent--;

        var canons = c["canonicalFunctions"]!.AsArray();
        Line($"canonical functions ({canons.Count}):");
        _indent++;
        foreach (var f in canons)
        {
            string target = (string)f!["kind"]! switch
            {
                "lift" => $" core func {f["coreFunc"]}, type {f["type"]}",
                "lower" => $" func {f["func"]}",
                var k when k.StartsWith("resource.", StringComparison.Ordinal) => $" type {f["resource"]}",
                _ => "",
            };
            var options = f["options"]!.AsArray();
            string opts = options.Count == 0 ? "" : " (" + string.Join(", ", options.Select(o => (string)o!)) + ")";
            Line($"{f["kind"]}{target}{opts}");
        }
        _indent--;

        Line($"aliases: {c["aliases"]}, types: {c["types"]}, core types: {c["coreTypes"]}");
        CustomSections(c["customSections"]!.AsArray());
        _indent--;
    }

    private void Item(JsonNode item)
    {
        string head = $"{item["name"]} ({item["kind"]})";
        if (item["wit"] is not { } wit)
        {
            Line(head);
            return;
        }
        var lines = ((string)wit!).Split('\n');
        Line($"{head}: {lines[0]}");
        for (int i = 1; i < lines.Length; i++) Line(lines[i]);
    }

    private void Instance(JsonNode i, string of, string? argKind)
    {
        if (i["instantiate"] is { } index)
        {
            var args = i["args"]!.AsArray();
            var text = args.Select(a => $"{Name(a!["name"])}: {argKind ?? (string)a["kind"]!} {a[argKind is null ? "index" : "instance"]}");
            Line($"instantiate {of} {index}" + (args.Count == 0 ? "" : " with " + string.Join(", ", text)));
        }
        else
        {
            var exports = i["exports"]!.AsArray();
            Line("exports " + (exports.Count == 0 ? "nothing" : string.Join(", ", exports.Select(e => $"{e!["name"]} ({e["kind"]} {e["index"]})"))));
        }
    }

    private void CustomSections(JsonArray sections)
    {
        Line($"custom sections ({sections.Count}):");
        _indent++;
        foreach (var s in sections)
        {
            Line($"\"{s!["name"]}\", {Bytes(s["size"])}");
            _indent++;
            if (s["unreadable"] is { } why) Line($"unreadable: {why}");
            if (s["names"] is JsonObject names)
            {
                foreach (var (key, value) in names)
                    Line(key == "module" ? $"module name: {value}" : $"{key}: {value} named");
            }
            if (s["producers"] is JsonObject producers)
            {
                foreach (var (field, values) in producers)
                {
                    var entries = values!.AsArray().Select(v => ((string)v!["version"]!).Length == 0 ? (string)v["name"]! : $"{v["name"]} {v["version"]}");
                    Line($"{field}: {string.Join(", ", entries)}");
                }
            }
            _indent--;
        }
        _indent--;
    }

    private static string Bytes(JsonNode? n) => $"{Num(n)} bytes";

    /// <summary>A number whatever integral type the summary stored it as.</summary>
    private static long Num(JsonNode? n) => long.Parse(n!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Max(JsonNode? n) => n is null ? "none" : n.ToString();

    /// <summary>A name, quoted when empty so that it stays visible.</summary>
    private static string Name(JsonNode? n) => (string)n! is { Length: > 0 } s ? s : "\"\"";

    private static string Is64(JsonNode t) => (bool)t["is64"]! ? ", 64-bit" : "";

    private static string Imported(JsonNode t) => (bool)t["imported"]! ? " (imported)" : "";

    private static string At(JsonObject o) => o["offset"] is { } at ? $" at 0x{Num(at):x}" : "";

    private void Line(string text)
    {
        if (text.Length > 0) output.Write(new string(' ', 2 * _indent));
        output.Write(text);
        output.Write('\n');
    }
}
