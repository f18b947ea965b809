using System.Globalization;
using Wasm.Fuzz;

// wasm fuzzing: dotnet run -c Release --project fuzz -- [--seconds N] [--seed S] [--corpora DIR] [--out DIR] [--hang-seconds N]
// or: dotnet run -c Release --project fuzz -- --replay FILE... (one saved input at a time, e.g. a failure)
// Exit code 0 when every input ended in success or a documented exception, 1 when some did not, 3 on a hang.
var seconds = 60.0;
var seed = 1;
var hangSeconds = 30.0;
string? corpora = null, output = null;
var replay = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--corpora": corpora = Next(); break;
        case "--out": output = Next(); break;
        case "--replay": replay.Add(Next()); break;
        case "--hang-seconds": hangSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine("usage: Components.Fuzz [--seconds N] [--seed S] [--corpora DIR] [--out DIR] [--hang-seconds N] | --replay FILE...");
            return 2;
    }
}

if (replay.Count > 0)
{
    // Runs saved inputs (kind from the name: .wasm, .component.wasm, .wit) and reports how each ended.
    var targets = new Targets();
    var failed = 0;
    foreach (var path in replay)
    {
        var input = new FuzzInput(Corpus.KindOfFile(path), File.ReadAllBytes(path), path);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            Console.WriteLine($"{path}: {targets.Run(input)} in {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"{path}: FAIL after {clock.Elapsed.TotalMilliseconds:F0} ms: {e}");
        }
    }
    return failed == 0 ? 0 : 1;
}

// The project folder holds regressions/; the shared corpora sit next to the repository.
var project = FindProjectDir();
var report = new Harness(new FuzzOptions
{
    Seconds = seconds,
    Seed = seed,
    Corpora = corpora ?? Path.GetFullPath(Path.Combine(project, "..", "..", "shared", "corpora")),
    OutputDir = output ?? Path.Combine(Path.GetTempPath(), "wasm-fuzz"),
    RegressionDir = Path.Combine(project, "regressions"),
    HangSeconds = hangSeconds,
}).Run();
return report.Failures == 0 ? 0 : 1;

static string FindProjectDir()
{
    for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
    {
        if (File.Exists(Path.Combine(dir, "Fuzz.csproj"))) return dir;
    }
    throw new InvalidOperationException("cannot find the fuzz project folder above " + AppContext.BaseDirectory);
}
