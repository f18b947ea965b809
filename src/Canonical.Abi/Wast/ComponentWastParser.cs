using System.Text;
using Wasm.Components.Text;
using Wasm.Text;

namespace Wasm.Components.Wast;

/// <summary>
/// Parses component WAST scripts (the component model's and wasmtime's <c>.wast</c> tests) into
/// <see cref="ComponentWastScript"/>: components and core modules, instances of definitions, actions with component
/// values, and assertions. Module texts that fail to encode are kept as deferred errors on their command.
/// </summary>
internal static partial class ComponentWastParser
{
    /// <summary>Parses a script.</summary>
    /// <exception cref="TextFormatException">The script is malformed at the command level.</exception>
    public static ComponentWastScript Parse(string text, string fileName) => Parse(Encoding.UTF8.GetBytes(text), fileName);

    /// <summary>Parses a script given as UTF-8 bytes.</summary>
    public static ComponentWastScript Parse(byte[] utf8, string fileName)
    {
        var src = new SourceText(utf8, fileName);
        var features = ReadFeatures(utf8);
        var nodes = new Lexer(src).ReadAll();
        var ctx = new Ctx(src, fileName);
        var commands = new List<ScriptCommand>(nodes.Count);
        foreach (var n in nodes) commands.Add(ctx.Command(n));
        return new ComponentWastScript(fileName, features, commands);
    }

    /// <summary>Reads the <c>;;! name = value</c> lines.</summary>
    internal static List<ScriptFeature> ReadFeatures(byte[] utf8)
    {
        var result = new List<ScriptFeature>();
        int i = 0;
        while (i < utf8.Length)
        {
            int end = Array.IndexOf(utf8, (byte)'\n', i);
            if (end < 0) end = utf8.Length;
            if (end - i >= 3 && utf8[i] == (byte)';' && utf8[i + 1] == (byte)';' && utf8[i + 2] == (byte)'!')
            {
                var line = Encoding.UTF8.GetString(utf8, i + 3, end - i - 3).Trim();
                int eq = line.IndexOf('=');
                if (eq > 0) result.Add(new ScriptFeature(line[..eq].Trim(), line[(eq + 1)..].Trim()));
                else if (line.Length > 0) result.Add(new ScriptFeature(line, "true"));
            }
            i = end + 1;
        }
        return result;
    }

    private sealed partial class Ctx
    {
        private readonly SourceText _src;
        private readonly string _file;

        public Ctx(SourceText src, string file)
        {
            _src = src;
            _file = file;
        }

        private int Line(SNode n) => _src.Position(n.Offset).Line;

        private TextFormatException Error(string reason, SNode at) => _src.Error(reason, at.Offset);

        private TextFormatException Unexpected(SNode at, string expected) => _src.Unexpected(at, expected);

        private SNode Item(SNode list, int j, string expected) => _src.Item(list, j, expected);

        private void ExpectEnd(SNode list, int j) => _src.ExpectEnd(list, j);

        public ScriptCommand Command(SNode n)
        {
            if (!n.IsList || n.Items.Count == 0 || n.Items[0].Kind != NodeKind.Keyword) throw Unexpected(n, "a command");
            int line = Line(n);
            switch (n.Head)
            {
                case "module":
                case "component":
                    if (n.Items.Count > 1 && n.Items[1].IsKeyword("instance"))
                    {
                        int j = 2;
                        string? inst = j < n.Items.Count && n.Items[j].Kind == NodeKind.Id ? n.Items[j++].Text : null;
                        string? def = j < n.Items.Count && n.Items[j].Kind == NodeKind.Id ? n.Items[j++].Text : null;
                        ExpectEnd(n, j);
                        var kind = n.Head == "module" ? ScriptModuleKind.Core : ScriptModuleKind.Component;
                        return new ScriptInstanceCommand(line, kind, inst, def);
                    }
                    return new ScriptModuleCommand(line, Module(n));
                case "register":
                {
                    var name = Item(n, 1, "a string");
                    if (name.Kind != NodeKind.String) throw Unexpected(name, "a string");
                    string? id = n.Items.Count > 2 && n.Items[2].Kind == NodeKind.Id ? n.Items[2].Text : null;
                    ExpectEnd(n, id is null ? 2 : 3);
                    return new ScriptRegisterCommand(line, Encoding.UTF8.GetString(name.Bytes!), id);
                }
                case "invoke":
                case "get":
                    return new ScriptActionCommand(line, Action(n));
                case "assert_return":
                {
                    var action = Action(Item(n, 1, "an action"));
                    var results = new List<ScriptExpected>();
                    for (int j = 2; j < n.Items.Count; j++) results.Add(Expected(n.Items[j]));
                    return new ScriptAssertReturn(line, action, results);
                }
                case "assert_trap":
                {
                    var target = Item(n, 1, "an action or component");
                    string msg = Message(n, 2);
                    ExpectEnd(n, 3);
                    if (target.IsForm("component") || target.IsForm("module")) return new ScriptAssertTrap(line, null, Module(target), msg);
                    return new ScriptAssertTrap(line, Action(target), null, msg);
                }
                case "assert_exhaustion":
                {
                    var action = Action(Item(n, 1, "an action"));
                    string msg = Message(n, 2);
                    ExpectEnd(n, 3);
                    return new ScriptAssertExhaustion(line, action, msg);
                }
                case "assert_invalid": return ModuleAssertion(n, line, ScriptAssertionKind.Invalid);
                case "assert_malformed": return ModuleAssertion(n, line, ScriptAssertionKind.Malformed);
                case "assert_unlinkable": return ModuleAssertion(n, line, ScriptAssertionKind.Unlinkable);
                case "assert_uninstantiable": return ModuleAssertion(n, line, ScriptAssertionKind.Uninstantiable);
                case "assert_exception":
                case "assert_suspension":
                case "assert_invalid_custom":
                case "assert_malformed_custom":
                case "thread":
                case "wait":
                case "either":
                case "input":
                case "output":
                case "script":
                    return new ScriptUnsupportedCommand(line, n.Head!);
                default:
                    throw Unexpected(n.Items[0], "a command");
            }
        }

        private ScriptAssertModule ModuleAssertion(SNode n, int line, ScriptAssertionKind kind)
        {
            var m = Item(n, 1, "a component or module");
            if (!m.IsForm("component") && !m.IsForm("module")) throw Unexpected(m, "a component or module");
            string msg = Message(n, 2);
            ExpectEnd(n, 3);
            return new ScriptAssertModule(line, kind, Module(m), msg);
        }

        private string Message(SNode n, int j)
        {
            var s = Item(n, j, "a message string");
            if (s.Kind != NodeKind.String) throw Unexpected(s, "a message string");
            return Encoding.UTF8.GetString(s.Bytes!);
        }

        /// <summary>Reads <c>(component|module definition? $id? ...)</c> in any of its forms.</summary>
        public ScriptModule Module(SNode n)
        {
            var kind = n.Head == "module" ? ScriptModuleKind.Core : ScriptModuleKind.Component;
            int line = Line(n);
            int j = 1;
            bool definition = false;
            if (j < n.Items.Count && n.Items[j].IsKeyword("definition"))
            {
                definition = true;
                j++;
            }
            string? id = j < n.Items.Count && n.Items[j].Kind == NodeKind.Id ? n.Items[j++].Text : null;
            if (j < n.Items.Count && n.Items[j].IsKeyword("binary"))
            {
                var bytes = Wat.ConcatStrings(_src, n, j + 1);
                return new ScriptModule(kind, ScriptModuleForm.Binary, id, definition, line, bytes, null, null, _file);
            }
            if (j < n.Items.Count && n.Items[j].IsKeyword("quote"))
            {
                var text = Wat.ConcatStrings(_src, n, j + 1);
                return new ScriptModule(kind, ScriptModuleForm.Quote, id, definition, line, null, null, text, _file);
            }
            try
            {
                var bytes = kind == ScriptModuleKind.Core ? Wat.EncodeFields(_src, n.Items, j) : ComponentEncoder.Encode(_src, n.Items, j, id);
                return new ScriptModule(kind, ScriptModuleForm.Text, id, definition, line, bytes, null, null, _file);
            }
            catch (WasmException e)
            {
                return new ScriptModule(kind, ScriptModuleForm.Text, id, definition, line, null, e, null, _file);
            }
        }

        private ScriptAction Action(SNode n)
        {
            var kind = n.Head switch
            {
                "invoke" => ScriptActionKind.Invoke,
                "get" => ScriptActionKind.Get,
                _ => throw Unexpected(n, "an action"),
            };
            int j = 1;
            string? instance = j < n.Items.Count && n.Items[j].Kind == NodeKind.Id ? n.Items[j++].Text : null;
            var name = Item(n, j++, "a name");
            if (name.Kind != NodeKind.String) throw Unexpected(name, "a name");
            var args = new List<Values.WitValue>();
            if (kind == ScriptActionKind.Invoke)
                for (; j < n.Items.Count; j++) args.Add(Value(n.Items[j]));
            else ExpectEnd(n, j);
            return new ScriptAction(kind, instance, Encoding.UTF8.GetString(name.Bytes!), args, Line(n));
        }
    }
}
