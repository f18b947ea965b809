using Wasm.Components.Text;
using Wasm.Components.Values;
using Wasm.Text;

namespace Wasm.Components.Wast;

/// <summary>A parsed component WAST script: its <c>;;!</c> feature header and its commands in order.</summary>
internal sealed class ComponentWastScript
{
    public ComponentWastScript(string fileName, List<ScriptFeature> features, List<ScriptCommand> commands)
    {
        FileName = fileName;
        Features = features;
        Commands = commands;
    }

    /// <summary>The script's file name.</summary>
    public string FileName { get; }

    /// <summary>The <c>;;! name = value</c> header lines, in order.</summary>
    public List<ScriptFeature> Features { get; }

    /// <summary>The commands, in script order.</summary>
    public List<ScriptCommand> Commands { get; }

    /// <summary>True when the header sets the feature to <c>true</c>.</summary>
    public bool HasFeature(string name) => Features.Exists(f => f.Name == name && f.Enabled);
}

/// <summary>One <c>;;! name = value</c> header line.</summary>
/// <param name="Name">The feature name (e.g. <c>component_model_async</c>).</param>
/// <param name="Value">The value as written (usually <c>true</c> or <c>false</c>).</param>
internal sealed record ScriptFeature(string Name, string Value)
{
    /// <summary>True when the value is <c>true</c>.</summary>
    public bool Enabled => Value == "true";
}

/// <summary>How a script module or component is written.</summary>
internal enum ScriptModuleForm : byte
{
    /// <summary><c>(component ...fields)</c>: text encoded when the script is parsed.</summary>
    Text,
    /// <summary><c>(component binary "...")</c>: the bytes as given.</summary>
    Binary,
    /// <summary><c>(component quote "...")</c>: text encoded when first used.</summary>
    Quote,
}

/// <summary>The kinds of module assertion.</summary>
internal enum ScriptAssertionKind : byte
{
    /// <summary><c>assert_invalid</c></summary>
    Invalid,
    /// <summary><c>assert_malformed</c></summary>
    Malformed,
    /// <summary><c>assert_unlinkable</c></summary>
    Unlinkable,
    /// <summary><c>assert_uninstantiable</c></summary>
    Uninstantiable,
}

/// <summary>The kinds of action.</summary>
internal enum ScriptActionKind : byte
{
    /// <summary><c>(invoke $id? "name" arg*)</c></summary>
    Invoke,
    /// <summary><c>(get $id? "name")</c></summary>
    Get,
}

/// <summary>Whether a script module is a core module or a component.</summary>
internal enum ScriptModuleKind : byte
{
    /// <summary><c>(module ...)</c></summary>
    Core,
    /// <summary><c>(component ...)</c></summary>
    Component,
}

/// <summary>
/// A core module or component written in a script. <see cref="GetBinary"/> yields the binary or throws the
/// error raised when encoding its text (kept until the command runs, so that <c>assert_malformed</c> and
/// <c>assert_invalid</c> texts are reported by their command).
/// </summary>
internal sealed class ScriptModule
{
    private byte[]? _binary;
    private Exception? _error;

    public ScriptModule(ScriptModuleKind kind, ScriptModuleForm form, string? id, bool isDefinition, int line,
        byte[]? binary, Exception? error, byte[]? quoteText, string fileName)
    {
        Kind = kind;
        Form = form;
        Id = id;
        IsDefinition = isDefinition;
        Line = line;
        _binary = binary;
        _error = error;
        QuoteText = quoteText;
        FileName = fileName;
    }

    /// <summary>Core module or component.</summary>
    public ScriptModuleKind Kind { get; }

    /// <summary>How it was written (text, <c>binary</c>, <c>quote</c>).</summary>
    public ScriptModuleForm Form { get; }

    /// <summary>The <c>$id</c>, if any.</summary>
    public string? Id { get; }

    /// <summary>True for <c>(component definition ...)</c> / <c>(module definition ...)</c>: defined, not instantiated.</summary>
    public bool IsDefinition { get; }

    /// <summary>Line of the opening parenthesis.</summary>
    public int Line { get; }

    /// <summary>The concatenated text of a <c>quote</c> form (UTF-8 bytes, possibly malformed).</summary>
    public byte[]? QuoteText { get; }

    /// <summary>The script file, for messages.</summary>
    public string FileName { get; }

    /// <summary>The binary. Throws the <see cref="TextFormatException"/> or <see cref="UnsupportedFeatureException"/> of its text.</summary>
    public byte[] GetBinary()
    {
        if (_binary is not null) return _binary;
        if (_error is null && QuoteText is not null)
        {
            try
            {
                _binary = Kind == ScriptModuleKind.Component ? ComponentWat.ToBinary(QuoteText, FileName) : Wat.ToBinary(QuoteText, FileName);
                return _binary;
            }
            catch (WasmException e)
            {
                _error = e;
            }
        }
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_error!);
        return null!;
    }

    /// <summary>The error encoding the text, if encoding was attempted and failed.</summary>
    public Exception? EncodeError => _error;
}

/// <summary>Base of all component script commands.</summary>
/// <param name="Line">1-based line of the command.</param>
internal abstract record ScriptCommand(int Line);

/// <summary><c>(component ...)</c> or <c>(module ...)</c>: define (and unless a definition, instantiate).</summary>
internal sealed record ScriptModuleCommand(int Line, ScriptModule Module) : ScriptCommand(Line);

/// <summary><c>(component instance $inst? $def?)</c> or <c>(module instance $inst? $def?)</c>.</summary>
internal sealed record ScriptInstanceCommand(int Line, ScriptModuleKind Kind, string? InstanceId, string? DefinitionId) : ScriptCommand(Line);

/// <summary><c>(register "name" $id?)</c>.</summary>
internal sealed record ScriptRegisterCommand(int Line, string Name, string? InstanceId) : ScriptCommand(Line);

/// <summary>A bare action.</summary>
internal sealed record ScriptActionCommand(int Line, ScriptAction Action) : ScriptCommand(Line);

/// <summary><c>(assert_return action result*)</c>.</summary>
internal sealed record ScriptAssertReturn(int Line, ScriptAction Action, List<ScriptExpected> Results) : ScriptCommand(Line);

/// <summary><c>(assert_trap action "msg")</c> or <c>(assert_trap (component ...) "msg")</c>.</summary>
internal sealed record ScriptAssertTrap(int Line, ScriptAction? Action, ScriptModule? Module, string Message) : ScriptCommand(Line);

/// <summary><c>(assert_exhaustion action "msg")</c>.</summary>
internal sealed record ScriptAssertExhaustion(int Line, ScriptAction Action, string Message) : ScriptCommand(Line);

/// <summary><c>assert_invalid</c>, <c>assert_malformed</c>, <c>assert_unlinkable</c>, <c>assert_uninstantiable</c> on a module or component.</summary>
internal sealed record ScriptAssertModule(int Line, ScriptAssertionKind Kind, ScriptModule Module, string Message) : ScriptCommand(Line);

/// <summary>A command the model does not represent (threads, script nesting ...).</summary>
internal sealed record ScriptUnsupportedCommand(int Line, string Head) : ScriptCommand(Line);

/// <summary>An action on an instance: <c>(invoke $id? "name" arg*)</c> or <c>(get $id? "name")</c>.</summary>
/// <param name="Kind">Invoke or get.</param>
/// <param name="InstanceId">The instance's <c>$id</c>, or null for the latest instance.</param>
/// <param name="Name">The export name.</param>
/// <param name="Args">The arguments.</param>
/// <param name="Line">1-based line.</param>
internal sealed record ScriptAction(ScriptActionKind Kind, string? InstanceId, string Name, List<WitValue> Args, int Line);

/// <summary>How an expected float is compared.</summary>
internal enum NanPattern : byte
{
    /// <summary>Exactly the value (bitwise for floats).</summary>
    None,
    /// <summary>Any canonical NaN.</summary>
    Canonical,
    /// <summary>Any arithmetic NaN.</summary>
    Arithmetic,
}

/// <summary>An expected result of <c>assert_return</c>: a value, or for a float a NaN pattern.</summary>
/// <param name="Value">The value (for a NaN pattern, a NaN of the right width).</param>
/// <param name="Nan">How a float is compared.</param>
internal sealed record ScriptExpected(WitValue Value, NanPattern Nan = NanPattern.None);
