using Wasm.Wast;


namespace WasmCs.Cli.Commands;

/// <summary><c>wasmcs wast FILE... [--verbose]</c>: one line per file, then the totals alone on the last line.</summary>
public static class WastCommand
{
    /// <summary>Runs the scripts; exit code 0 only when nothing failed.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var verbose = false;
        var files = new List<string>();
        foreach (var a in args)
        {
            if (a is "--verbose" or "-v") verbose = true;
            else files.Add(a);
        }
        if (files.Count == 0)
        {
            stderr.WriteLine("usage: wasmcs wast FILE... [--verbose]");
            return 2;
        }
        int passed = 0, failed = 0, skipped = 0;
        foreach (var file in files)
        {
            WastResult result;
            try
            {
                var text = File.ReadAllText(file);
                result = Wasm.Components.Wast.ComponentWastRunner.IsComponentScript(text)
                    ? new Wasm.Components.Wast.ComponentWastRunner().Run(text, file)
                    : new WastRunner().Run(text, file);
            }
            catch (IOException e)
            {
                stderr.WriteLine($"{file}: {e.Message}");
                failed++;
                continue;
            }
            passed += result.Passed;
            failed += result.Failed;
            skipped += result.SkippedCount;
            var line = $"{file}: {result.Passed} passed, {result.Failed} failed, {result.SkippedCount} skipped";
            if (result.SkippedFile is { } reason)
                line += $" (skipped: the script needs {reason})";
            else if (result.SkippedCount > 0)
                line += " (needs " + string.Join(", ", result.Skipped.OrderByDescending(p => p.Value).Select(p => $"{p.Key}: {p.Value}")) + ")";
            stdout.WriteLine(line);
            if (verbose)
                foreach (var f in result.Failures) stdout.WriteLine("  " + f);
        }
        stdout.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        return failed == 0 ? 0 : 1;
    }
}
