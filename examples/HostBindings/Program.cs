using HostBindings.Wit.Example.Calculator;
using Wasm.Components.Bindings;
using Compute = HostBindings.Wit.Exports.Example.Calculator.Compute;

// The types a component's exports take and return, as generated from wit/calculator.wit.
Compute.Op op = new Compute.Op.Add((40, 2));
Result<Compute.Outcome, string> outcome = Result.Ok<Compute.Outcome, string>(new Compute.Outcome(42, Overflowed: false));

string text = op switch
{
    Compute.Op.Add(var (a, b)) => $"{a} + {b}",
    Compute.Op.Negate(var a) => $"-{a}",
    Compute.Op.Clear => "clear",
    _ => "?",
};

new ConsoleLogging().Log(Logging.Level.Info, $"{text} = {outcome.Value.Value}");

/// <summary>The host's side of `example:calculator/logging`, which a calculator component imports.</summary>
internal sealed class ConsoleLogging : ILogging
{
    public void Log(Logging.Level level, string message) => Console.WriteLine($"[{level}] {message}");
}
