using Wasm.Text;
using Wasm.Wast;
using Xunit.Abstractions;

namespace Wasm.Tests.Text;

public class WastCorpusTests
{
    private readonly ITestOutputHelper _out;

    public WastCorpusTests(ITestOutputHelper output) => _out = output;

    private static WastScript Load(string name)
    {
        var path = Path.Combine(CorpusPaths.Testsuite!, name);
        return WastParser.Parse(File.ReadAllBytes(path), path);
    }

    [Theory]
    [MemberData(nameof(CorpusPaths.WastFiles), MemberType = typeof(CorpusPaths))]
    public void ScriptParses(string name)
    {
        var script = Load(name);
        Assert.NotEmpty(script.Commands);
    }

    [Theory]
    [MemberData(nameof(CorpusPaths.WastFiles), MemberType = typeof(CorpusPaths))]
    public void ModulesEncodeOrAreUnsupported(string name)
    {
        var script = Load(name);
        foreach (var c in script.Commands)
        {
            WastModule? m = c switch
            {
                ModuleCommand mc => mc.Module,
                AssertTrapCommand { Module: not null } t => t.Module,
                AssertModuleCommand { Kind: ModuleAssertionKind.Unlinkable or ModuleAssertionKind.Uninstantiable } a => a.Module,
                _ => null,
            };
            if (m is null) continue;
            try
            {
                var bytes = m.GetBinary();
                Assert.True(bytes.Length >= 8, $"line {m.Line}: too short");
            }
            catch (UnsupportedFeatureException)
            {
            }
        }
    }

    [Theory]
    [MemberData(nameof(CorpusPaths.WastFiles), MemberType = typeof(CorpusPaths))]
    public void MalformedQuotedModulesAreRejected(string name)
    {
        var script = Load(name);
        int total = 0, matching = 0, unsupported = 0;
        foreach (var c in script.Commands)
        {
            if (c is not AssertModuleCommand { Kind: ModuleAssertionKind.Malformed, Module.Form: WastModuleForm.Quote } a) continue;
            total++;
            try
            {
                a.Module.GetBinary();
                Assert.Fail($"line {a.Line}: accepted, expected \"{a.Message}\"");
            }
            catch (UnsupportedFeatureException)
            {
                unsupported++;
            }
            catch (TextFormatException e)
            {
                if (e.Reason.Contains(a.Message, StringComparison.Ordinal)) matching++;
                else _out.WriteLine($"line {a.Line}: expected \"{a.Message}\", got \"{e.Reason}\"");
            }
        }
        _out.WriteLine($"{total} malformed quoted modules: {matching} messages match, {unsupported} use unsupported proposals");
    }
}
