using Wasm.Components;

namespace Wit.Generators.Tests.EndToEnd;

/// <summary>
/// <c>WitResultAs="exception"</c> with jco's <c>results</c> fixture, whose exports forward to its imports: the host
/// implements the imports by returning <c>T</c> or throwing <c>ResultException&lt;E&gt;</c>, and the exports it calls
/// return <c>T</c> or throw the <c>err</c> the guest passed back (expectations of wit-bindgen's tests/runtime/results).
/// </summary>
public sealed class GeneratedResultExceptionTests
{
    private static void Run(string scenario)
    {
        var component = Component.FromFile(GeneratedBindings.Engine, Path.Combine(Abi.Corpus.Jco, "results.component.wasm"));
        GeneratedBindings.Run(component, GeneratedBindings.WitOf(component), GeneratedJcoTests.Source(scenario, "Gen.Root.Component.Root"), resultAs: "exception");
    }

    private const string Host = """
        using static Gen.Test.Results.Test;
        using X = Gen.Exports.Test.Results.Test;
        sealed class Host : Gen.Test.Results.ITest
        {
            public readonly List<string> Calls = new();
            public float StringError(float a) { Calls.Add("string-error"); return a == 0 ? throw new ResultException<string>("zero") : a; }
            public float EnumError(float a) => a == 0 ? throw new ResultException<E>(E.A) : a;
            public float RecordError(float a) => a switch
            {
                0 => throw new ResultException<E2>(new E2(420, 0)),
                1 => throw new ResultException<E2>(new E2(77, 2)),
                _ => a,
            };
            public float VariantError(float a) => a switch
            {
                0 => throw new ResultException<E3>(new E3.E2(new E2(420, 0))),
                1 => throw new ResultException<E3>(new E3.E1(E.B)),
                2 => throw new ResultException<E3>(new E3.E1(E.C)),
                _ => a,
            };
            public uint EmptyError(uint a) => a switch
            {
                0 => throw new ResultException<Unit>(default),
                1 => 42,
                3 => throw new InvalidOperationException("not an err"),
                _ => a,
            };
            // Only the function's own result is an exception: the nested result stays a value.
            public Result<Unit, string> DoubleError(uint a) => a switch
            {
                0 => Result<Unit, string>.Ok(default),
                1 => Result<Unit, string>.Err("one"),
                _ => throw new ResultException<string>("two"),
            };
        }
        """;

    private const string Expect = """
        static class Expect
        {
            public static E Err<E>(Action call, string what)
            {
                try { call(); }
                catch (ResultException<E> e) { return e.Error; }
                throw new Exception(what + ": no ResultException<" + typeof(E).Name + ">");
            }
        }
        """;

    [Fact]
    public void ErrCrossesBothDirectionsAsExceptions() => Run(Host + Expect + """
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                Wit.Generators.Tests.Abi.ComponentTypes.StubWasi(linker, component);
                var host = new Host();
                Gen.Test.Results.Test.AddToLinker(linker, host);
                var t = World.Instantiate(new Wasm.Store(engine), component, linker).Test;

                Check.Equal("zero", Expect.Err<string>(() => t.StringError(0), "string-error(0)"));
                Check.Equal(1f, t.StringError(1), "string-error(1)");
                Check.Seq(new[] { "string-error", "string-error" }, host.Calls, "the host was called");
                Check.Equal(X.E.A, Expect.Err<X.E>(() => t.EnumError(0), "enum-error(0)"));
                Check.Equal(new X.E2(420, 0), Expect.Err<X.E2>(() => t.RecordError(0), "record-error(0)"));
                Check.Equal(new X.E2(77, 2), Expect.Err<X.E2>(() => t.RecordError(1), "record-error(1)"));
                Check.Equal(2f, t.RecordError(2), "record-error(2)");
                Check.Equal<X.E3>(new X.E3.E2(new X.E2(420, 0)), Expect.Err<X.E3>(() => t.VariantError(0), "variant-error(0)"));
                Check.Equal<X.E3>(new X.E3.E1(X.E.B), Expect.Err<X.E3>(() => t.VariantError(1), "variant-error(1)"));
                Check.Equal<X.E3>(new X.E3.E1(X.E.C), Expect.Err<X.E3>(() => t.VariantError(2), "variant-error(2)"));
                Check.Equal(3f, t.VariantError(3), "variant-error(3)");
                Expect.Err<Unit>(() => t.EmptyError(0), "empty-error(0)");
                Check.Equal(42u, t.EmptyError(1), "empty-error(1)");
                Check.Equal(2u, t.EmptyError(2), "empty-error(2)");
                Check.Equal(Result<Unit, string>.Ok(default), t.DoubleError(0), "double-error(0)");
                Check.Equal(Result<Unit, string>.Err("one"), t.DoubleError(1), "double-error(1)");
                Check.Equal("two", Expect.Err<string>(() => t.DoubleError(2), "double-error(2)"));

                // The exception's payload is also reachable untyped.
                try { t.StringError(0); }
                catch (ResultException e) { Check.Equal((object?)"zero", e.ErrorValue, "ErrorValue"); }
            }
        }
        """);

    [Fact]
    public void OtherHostExceptionsAreNotErr() => Run(Host + """
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                Wit.Generators.Tests.Abi.ComponentTypes.StubWasi(linker, component);
                Gen.Test.Results.Test.AddToLinker(linker, new Host());
                var t = World.Instantiate(new Wasm.Store(engine), component, linker).Test;
                try
                {
                    t.EmptyError(3);
                    throw new Exception("empty-error(3) returned");
                }
                catch (ResultException e) { throw new Exception("an InvalidOperationException became err: " + e); }
                catch (Exception e) when (e.Message != "empty-error(3) returned") { }
            }
        }
        """);
}
