using WasmCs.Cli.Commands;

namespace WasmCs.Cli.Tests;

/// <summary>The options of <c>wasmcs serve</c> that are refused before anything is loaded.</summary>
public sealed class ServeCommandTests
{
    private static (int Code, string Err) Serve(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = ServeCommand.Run(args, stdout, stderr);
        return (code, stderr.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("many")]
    public void Max_concurrency_must_be_a_positive_number(string value)
    {
        var (code, err) = Serve("--max-concurrency", value, "app.wasm");
        Assert.Equal(2, code);
        Assert.Contains("--max-concurrency needs a positive number", err);
        Assert.Contains("[--max-concurrency N] [--max-memory BYTES] [--log-requests]", err);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("64XB")]
    public void Max_memory_must_be_a_size(string value)
    {
        var (code, err) = Serve("--max-memory", value, "app.wasm");
        Assert.Equal(2, code);
        Assert.Contains("--max-memory needs a size", err);
    }

    [Fact]
    public void A_missing_component_is_reported_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "wasmcs-serve-missing-" + Guid.NewGuid() + ".wasm");
        var (code, err) = Serve("--max-concurrency", "2", "--log-requests", path);
        Assert.Equal(1, code);
        Assert.Contains(path, err);
    }
}
