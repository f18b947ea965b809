using Wasm.Text;

namespace Wasm.Wast;

/// <summary>A parsed WAST script: its commands in order.</summary>
internal sealed class WastScript
{
    public WastScript(string fileName, List<WastCommand> commands)
    {
        FileName = fileName;
        Commands = commands;
    }

    /// <summary>The script's file name.</summary>
    public string FileName { get; }

    /// <summary>The commands, in script order.</summary>
    public List<WastCommand> Commands { get; }
}

/// <summary>How a script module is written.</summary>
internal enum WastModuleForm : byte
{
    /// <summary><c>(module ...fields)</c>: text encoded when the script is parsed.</summary>
    Text,
    /// <summary><c>(module binary "...")</c>: the bytes as given.</summary>
    Binary,
    /// <summary><c>(module quote "...")</c>: text encoded when first used.</summary>
    Quote,
}

/// <summary>
/// A module written in a script (core module today; a component form can be added as another
/// <see cref="WastModuleForm"/> consumer). <see cref="GetBinary"/> yields the binary or throws the encoding error.
/// </summary>
internal sealed class WastModule
{
    private byte[]? _binary;
    private Exception? _error;

    public WastModule(WastModuleForm form, string? id, bool isDefinition, int line, byte[]? binary, Exception? error, byte[]? quoteText, string fileName)
    {
        Form = form;
        Id = id;
        IsDefinition = isDefinition;
        Line = line;
        _binary = binary;
        _error = error;
        QuoteText = quoteText;
        FileName = fileName;
    }

    /// <summary>How the module was written.</summary>
    public WastModuleForm Form { get; }

    /// <summary>The module's <c>$id</c>, if any.</summary>
    public string? Id { get; }

    /// <summary>True for <c>(module definition ...)</c>: defined, not instantiated.</summary>
    public bool IsDefinition { get; }

    /// <summary>Line of the <c>(module</c>.</summary>
    public int Line { get; }

    /// <summary>The concatenated text of a <c>quote</c> module (UTF-8 bytes, possibly malformed).</summary>
    public byte[]? QuoteText { get; }

    /// <summary>The script file, for messages.</summary>
    public string FileName { get; }

    /// <summary>
    /// The binary module. Throws the <see cref="TextFormatException"/> or <see cref="UnsupportedFeatureException"/>
    /// raised when encoding its text.
    /// </summary>
    public byte[] GetBinary()
    {
        if (_binary is not null) return _binary;
        if (_error is null && QuoteText is not null)
        {
            try
            {
                _binary = Wat.ToBinary(QuoteText, FileName, Wasm1Baseline.Applies(FileName));
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

    /// <summary>The error encoding the module's text, if encoding was attempted and failed.</summary>
    public Exception? EncodeError => _error;
}

/// <summary>Base of all script commands.</summary>
/// <param name="Line">1-based line of the command.</param>
internal abstract record WastCommand(int Line);

/// <summary><c>(module ...)</c>: define (and unless a definition, instantiate) a module.</summary>
internal sealed record ModuleCommand(int Line, WastModule Module) : WastCommand(Line);

/// <summary><c>(module instance $inst? $def?)</c>: instantiate a module definition.</summary>
internal sealed record ModuleInstanceCommand(int Line, string? InstanceId, string? DefinitionId) : WastCommand(Line);

/// <summary><c>(register "name" $module?)</c>.</summary>
internal sealed record RegisterCommand(int Line, string Name, string? ModuleId) : WastCommand(Line);

/// <summary>A bare action.</summary>
internal sealed record ActionCommand(int Line, WastAction Action) : WastCommand(Line);

/// <summary><c>(assert_return action result*)</c>.</summary>
internal sealed record AssertReturnCommand(int Line, WastAction Action, List<WastExpected> Results) : WastCommand(Line);

/// <summary><c>(assert_trap action "msg")</c> or <c>(assert_trap (module ...) "msg")</c>.</summary>
internal sealed record AssertTrapCommand(int Line, WastAction? Action, WastModule? Module, string Message) : WastCommand(Line);

/// <summary><c>(assert_exhaustion action "msg")</c>.</summary>
internal sealed record AssertExhaustionCommand(int Line, WastAction Action, string Message) : WastCommand(Line);

/// <summary><c>(assert_exception action)</c> (exception handling).</summary>
internal sealed record AssertExceptionCommand(int Line, WastAction Action) : WastCommand(Line);

/// <summary><c>(assert_suspension action "msg")</c> (stack switching).</summary>
internal sealed record AssertSuspensionCommand(int Line, WastAction Action, string Message) : WastCommand(Line);

/// <summary>The kinds of module assertion.</summary>
internal enum ModuleAssertionKind : byte
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

/// <summary><c>assert_invalid</c>, <c>assert_malformed</c>, <c>assert_unlinkable</c>, <c>assert_uninstantiable</c>.</summary>
internal sealed record AssertModuleCommand(int Line, ModuleAssertionKind Kind, WastModule Module, string Message) : WastCommand(Line);

/// <summary>A command of a proposal the script model does not represent (threads, components ...).</summary>
internal sealed record UnsupportedCommand(int Line, string Proposal, string Head) : WastCommand(Line);

/// <summary>The kinds of action.</summary>
internal enum WastActionKind : byte
{
    /// <summary><c>(invoke $m? "name" arg*)</c></summary>
    Invoke,
    /// <summary><c>(get $m? "name")</c></summary>
    Get,
}

/// <summary>An action on a module instance.</summary>
internal sealed record WastAction(WastActionKind Kind, string? ModuleId, string Name, List<WastValue> Args, int Line);

/// <summary>The kinds of script value.</summary>
internal enum WastValueKind : byte
{
    /// <summary><c>i32.const</c></summary>
    I32,
    /// <summary><c>i64.const</c></summary>
    I64,
    /// <summary><c>f32.const</c> (bits)</summary>
    F32,
    /// <summary><c>f64.const</c> (bits)</summary>
    F64,
    /// <summary><c>v128.const</c> (16 bytes)</summary>
    V128,
    /// <summary><c>ref.null ht</c></summary>
    RefNull,
    /// <summary><c>ref.extern n</c></summary>
    RefExtern,
    /// <summary><c>ref.host n</c></summary>
    RefHost,
    /// <summary><c>ref.func x?</c></summary>
    RefFunc,
}

/// <summary>An argument or expected value.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Bits">Integer value or float bits (zero-extended); the payload of ref.extern/ref.host.</param>
/// <param name="V128">The 16 bytes of a vector.</param>
/// <param name="HeapType">Heap type of ref.null; function name of ref.func.</param>
internal sealed record WastValue(WastValueKind Kind, ulong Bits = 0, byte[]? V128 = null, string? HeapType = null);

/// <summary>The kinds of expected result.</summary>
internal enum WastExpectedKind : byte
{
    /// <summary>Exactly <see cref="WastExpected.Value"/> (bitwise for floats).</summary>
    Value,
    /// <summary>A float NaN with canonical payload (<see cref="WastExpected.Type"/> is "f32"/"f64").</summary>
    NanCanonical,
    /// <summary>A float NaN with arithmetic payload.</summary>
    NanArithmetic,
    /// <summary>A vector compared lane by lane (<see cref="WastExpected.Lanes"/>, shape in <see cref="WastExpected.Type"/>).</summary>
    V128Lanes,
    /// <summary>Any reference of <see cref="WastExpected.Type"/>: "ref.extern", "ref.func", "ref.null", "ref.i31", "ref.any", ...</summary>
    AnyRef,
    /// <summary>One of <see cref="WastExpected.Alternatives"/>.</summary>
    Either,
}

/// <summary>An expected result of <c>assert_return</c>.</summary>
internal sealed record WastExpected(
    WastExpectedKind Kind,
    WastValue? Value = null,
    string? Type = null,
    List<WastExpected>? Lanes = null,
    List<WastExpected>? Alternatives = null);
