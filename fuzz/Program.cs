using System.Globalization;
using Wasm.Fuzz;

// wasm fuzzing: dotnet run -c Release --project fuzz -- [--seconds N] [--seed S] [--corpora DIR] [--out DIR]
// Exit code 0 when every input ended in success or a documented exception, 1 when some did not, 3 on a hang.
var seconds = 60.0;
var seed = 1;
string? corpora = null, output = null;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--corpora": corpora = Next(); break;
        case "--out": output = Next(); break;
        default:
            Console.Error.WriteLine("usage: Components.Fuzz [--seconds N] [--seed S] [--corpora DIR] [--out DIR]");
            return 2;
    }
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
