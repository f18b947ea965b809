using System;
using System.Collections.Generic;
using System.Text;
using Wit.Model;

namespace Wit.Generators.Abi;

/// <summary>
/// Writes the host side of component function calls as straight-line C# against the runtime's binding API
/// (<c>docs/components.md</c>): the body of a method calling a guest export, and the typed core function a guest
/// import is lowered to. Plans and layouts are computed once per function and type.
/// </summary>
public sealed class HostFunctionEmitter
{
    private const string Call = "__call";

    private readonly Dictionary<Function, FunctionPlan> _plans = new();

    /// <summary>Emits for functions of <paramref name="resolve"/>, with types named by <paramref name="names"/>.</summary>
    public HostFunctionEmitter(Resolve resolve, ICSharpNames names)
    {
        Layouts = new AbiLayouts(resolve);
        Types = new CSharpTypes(resolve, names);
    }

    /// <summary>
    /// Functions whose result is a <c>result&lt;T, E&gt;</c> return <c>T</c> and carry <c>err</c> as a
    /// <c>ResultException&lt;E&gt;</c>: the call of an export throws it, the host's implementation of an import throws it.
    /// </summary>
    public bool ResultsAsExceptions { get; set; }

    /// <summary>The function's <c>result</c>, when <see cref="ResultsAsExceptions"/> makes its <c>err</c> an exception.</summary>
    public ResultKind? ThrownResult(Function function) =>
        ResultsAsExceptions && function.Result is { } r && Types.KindOf(r) is ResultKind result ? result : null;

    /// <summary>The C# exception type an <c>err</c> of <paramref name="result"/> is.</summary>
    public string ExceptionType(ResultKind result) => "global::Wasm.Components.Bindings.ResultException<" + Types.Payload(result.Err) + ">";

    /// <summary>The layouts of the resolve's types.</summary>
    public AbiLayouts Layouts { get; }

    /// <summary>The C# types of the resolve's types.</summary>
    public CSharpTypes Types { get; }

    /// <summary>The plan of a function (cached).</summary>
    public FunctionPlan PlanOf(Function function)
    {
        if (!_plans.TryGetValue(function, out var plan))
        {
            if (function.IsAsync) throw new NotSupportedException($"`{function.Name}` is async; async functions have no bindings yet");
            plan = FunctionPlan.Of(Layouts, function);
            _plans[function] = plan;
        }

        return plan;
    }

    /// <summary>The C# return type of a function's binding (<c>void</c> without a result).</summary>
    public string ReturnType(Function function) =>
        ThrownResult(function) is { } thrown ? (thrown.Ok is { } ok ? Types.Of(ok) : "void")
        : function.Result is { } r ? Types.Of(r) : "void";

    /// <summary>
    /// The <c>Func</c>/<c>Action</c> type of a core signature, or null when it has more parameters than those
    /// have (then declare one with <see cref="EmitDelegateDeclaration"/>).
    /// </summary>
    public static string? DelegateType(IReadOnlyList<CoreType> parameters, IReadOnlyList<CoreType> results)
    {
        if (parameters.Count > 16) return null;
        var args = new List<string>();
        foreach (var p in parameters) args.Add(ValueEmitter.CSharpOf(p));
        if (results.Count == 1) args.Add(ValueEmitter.CSharpOf(results[0]));
        string head = results.Count == 1 ? "global::System.Func" : "global::System.Action";
        return args.Count == 0 ? head : head + "<" + string.Join(", ", args) + ">";
    }

    /// <summary>Declares a delegate type <paramref name="name"/> for a core signature.</summary>
    public static void EmitDelegateDeclaration(ICodeWriter w, string name, IReadOnlyList<CoreType> parameters, IReadOnlyList<CoreType> results)
    {
        var ps = new List<string>();
        for (int i = 0; i < parameters.Count; i++) ps.Add(ValueEmitter.CSharpOf(parameters[i]) + " p" + i);
        string ret = results.Count == 1 ? ValueEmitter.CSharpOf(results[0]) : "void";
        w.Line($"internal delegate {ret} {name}({string.Join(", ", ps)});");
    }

    /// <summary>The delegate type to bind a guest export's core function with (<c>GuestFunction.CoreDelegate</c>).</summary>
    public string? ExportCoreDelegateType(Function function)
    {
        var plan = PlanOf(function);
        return DelegateType(plan.LiftedParams, plan.LiftedResults);
    }

    /// <summary>The delegate type of a guest export's post-return function: it takes the core results.</summary>
    public string ExportPostReturnDelegateType(Function function) => DelegateType(PlanOf(function).LiftedResults, Array.Empty<CoreType>())!;

    /// <summary>
    /// The body of a method that calls a guest export: enter the instance, lower the arguments (to memory the
    /// guest allocates when there are more than 16 flat values), call <paramref name="core"/>, lift the result,
    /// end the call, run post-return, and return.
    /// </summary>
    /// <param name="w">Where to write the statements.</param>
    /// <param name="function">The exported function.</param>
    /// <param name="parameters">The method's C# parameter names, in WIT order.</param>
    /// <param name="guest">An expression of the <c>GuestFunction</c>.</param>
    /// <param name="core">An expression of the core delegate (<see cref="ExportCoreDelegateType"/>).</param>
    /// <param name="postReturn">An expression of the nullable post-return delegate (<see cref="ExportPostReturnDelegateType"/>).</param>
    public void EmitExportBody(ICodeWriter w, Function function, IReadOnlyList<string> parameters, string guest, string core, string postReturn)
    {
        var plan = PlanOf(function);
        var reserved = new List<string>(parameters) { guest, core, postReturn, Call, ValueEmitter.Cx };
        var v = new ValueEmitter(Layouts, Types, w, reserved);
        bool needsContext = plan.ParamsInMemory || plan.ResultInMemory || UsesContext(v, function);

        w.Line($"using var {Call} = {guest}.Begin();");
        if (needsContext) w.Line($"var {ValueEmitter.Cx} = {Call}.Context;");

        var args = new List<string>();
        if (plan.ParamsInMemory)
        {
            string area = v.Temp("args");
            w.Line($"int {area} = {ValueEmitter.Cx}.Allocate({plan.ParamArea.Alignment}, {plan.ParamArea.Size});");
            for (int i = 0; i < parameters.Count; i++) v.Store(function.Params[i].Type, parameters[i], area, plan.ParamOffsets[i]);
            args.Add(area);
        }
        else
        {
            for (int i = 0; i < parameters.Count; i++)
                foreach (var f in v.LowerFlat(function.Params[i].Type, parameters[i])) args.Add(f.Expr);
        }

        string call = $"{core}({string.Join(", ", args)})";
        string? ret = null, result = null;
        if (function.Result is { } resultType)
        {
            ret = v.Temp("ret");
            w.Line($"var {ret} = {call};");
            string lifted;
            if (plan.ResultInMemory)
            {
                v.CheckAligned(ret, Layouts.Of(resultType).Alignment, "return pointer");
                lifted = v.Load(resultType, ret, 0);
            }
            else
            {
                int index = 0;
                lifted = v.LiftFlat(resultType, new[] { new FlatValue(ret, plan.LiftedResults[0]) }, ref index);
            }

            if (Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(lifted))
            {
                result = lifted;
            }
            else
            {
                result = v.Temp("result");
                w.Line($"var {result} = {lifted};");
            }
        }
        else
        {
            w.Line(call + ";");
        }

        w.Line($"{Call}.ExitCall();");
        string post = v.Temp("postReturn");
        w.Open($"if ({postReturn} is {{ }} {post})");
        w.Line($"{Call}.EnterPostReturn();");
        w.Line($"{post}({ret ?? ""});");
        w.Close();
        w.Line($"{Call}.Complete();");
        if (ThrownResult(function) is { } thrown)
        {
            // After the call completed: the err payload is lifted and the instance is ready for the next call.
            w.Line($"if ({result}.IsErr) throw new {ExceptionType(thrown)}({result}.Error);");
            if (thrown.Ok is not null) w.Line($"return {result}.Value;");
        }
        else if (result is not null)
        {
            w.Line($"return {result};");
        }
    }

    /// <summary>
    /// The typed core function a guest import is lowered to (what a <c>HostLowering</c> returns):
    /// <c>global::Wasm.Function.FromDelegate(site.Engine, (int arg0, ...) => { ... })</c>, which lifts the
    /// arguments, calls the host, and lowers the result (through the return pointer, the last core parameter,
    /// when it does not fit one flat value).
    /// </summary>
    /// <param name="w">Where to write; the expression starts a line with <paramref name="prefix"/> and ends with <paramref name="suffix"/>.</param>
    /// <param name="function">The imported function.</param>
    /// <param name="site">An expression of the <c>HostCallSite</c>.</param>
    /// <param name="callHost">The host call, given the argument expressions in WIT order.</param>
    /// <param name="delegateType">A delegate type declared for signatures over 16 parameters (<see cref="EmitDelegateDeclaration"/>).</param>
    /// <param name="prefix">Text before the expression on its first line.</param>
    /// <param name="suffix">Text after the expression's closing brace.</param>
    public void EmitImportLowering(ICodeWriter w, Function function, string site, Func<IReadOnlyList<string>, string> callHost, string? delegateType = null, string prefix = "", string suffix = "")
    {
        var plan = PlanOf(function);
        var ps = plan.LoweredParams;
        var lambda = new StringBuilder("(");
        var flat = new FlatValue[ps.Length];
        var reserved = new List<string> { site, ValueEmitter.Cx };
        for (int i = 0; i < ps.Length; i++)
        {
            flat[i] = new FlatValue("arg" + i, ps[i]);
            reserved.Add(flat[i].Expr);
            lambda.Append(i == 0 ? "" : ", ").Append(ValueEmitter.CSharpOf(ps[i])).Append(' ').Append(flat[i].Expr);
        }

        lambda.Append(") =>");
        string? explicitType = delegateType ?? (DelegateType(ps, plan.LoweredResults) is null
            ? throw new ArgumentException($"`{function.Name}` has {ps.Length} core parameters: pass a declared delegate type")
            : null);
        w.Line(explicitType is null
            ? $"{prefix}global::Wasm.Function.FromDelegate({site}.Engine, {lambda}"
            : $"{prefix}global::Wasm.Function.FromDelegate({site}.Engine, new {explicitType}({lambda}");
        w.Open("");

        var v = new ValueEmitter(Layouts, Types, w, reserved);
        bool needsContext = plan.ParamsInMemory || plan.ResultInMemory || UsesContext(v, function);
        w.Line(needsContext ? $"var {ValueEmitter.Cx} = {site}.BeginCall();" : $"{site}.CheckLeave();");

        var args = new List<string>();
        if (plan.ParamsInMemory)
        {
            v.CheckAligned(flat[0].Expr, plan.ParamArea.Alignment, "parameter pointer");
            for (int i = 0; i < function.Params.Count; i++) args.Add(Local(w, v, v.Load(function.Params[i].Type, flat[0].Expr, plan.ParamOffsets[i])));
        }
        else
        {
            int index = 0;
            foreach (var p in function.Params) args.Add(Local(w, v, v.LiftFlat(p.Type, flat, ref index)));
        }

        string call = callHost(args);
        string? ret = null;
        if (function.Result is { } resultType)
        {
            string result = v.Temp("result");
            if (ThrownResult(function) is { } thrown)
            {
                // The host returns ok's payload or throws err's; any other exception fails the call as before.
                string type = Types.Of(resultType);
                string error = v.Temp("error");
                w.Line($"{type} {result};");
                w.Open("try");
                if (thrown.Ok is null)
                {
                    w.Line(call + ";");
                    w.Line($"{result} = {type}.Ok(default);");
                }
                else
                {
                    w.Line($"{result} = {type}.Ok({call});");
                }

                w.Close();
                w.Open($"catch ({ExceptionType(thrown)} {error})");
                w.Line($"{result} = {type}.Err({error}.Error);");
                w.Close();
            }
            else
            {
                w.Line($"var {result} = {call};");
            }

            if (plan.ResultInMemory)
            {
                string retptr = flat[ps.Length - 1].Expr;
                v.CheckAligned(retptr, Layouts.Of(resultType).Alignment, "return pointer");
                v.Store(resultType, result, retptr, 0);
            }
            else
            {
                var lowered = v.LowerFlat(resultType, result);
                ret = v.Temp("ret");
                // Typed: a byte or short result widens to the core function's i32.
                w.Line($"{ValueEmitter.CSharpOf(lowered[0].Type)} {ret} = {lowered[0].Expr};");
            }
        }
        else
        {
            w.Line(call + ";");
        }

        if (needsContext) w.Line($"{ValueEmitter.Cx}.ExitCall();");
        if (ret is not null) w.Line($"return {ret};");
        w.Close(explicitType is null ? ")" + suffix : "))" + suffix);
    }

    /// <summary>Evaluates a lifted argument into a local, so arguments are lifted in order before the host runs.</summary>
    private static string Local(ICodeWriter w, ValueEmitter v, string expr)
    {
        string local = v.Temp("p");
        w.Line($"var {local} = {expr};");
        return local;
    }

    private static bool UsesContext(ValueEmitter v, Function function)
    {
        foreach (var p in function.Params)
            if (v.NeedsContext(p.Type)) return true;
        return function.Result is { } r && v.NeedsContext(r);
    }
}
