using Wasm.Components.Text;
using Wasm.Components.Wast;
using Wasm.Text;
using Xunit.Abstractions;

namespace Wasm.Components.Tests.Text;

/// <summary>Encodes every component (and core module) of the component WAST corpora and the jco <c>.wat</c> files.</summary>
public sealed class ComponentTextCorpusTests
{
    private readonly ITestOutputHelper _out;

    public ComponentTextCorpusTests(ITestOutputHelper output) => _out = output;

    /// <summary>The modules of a script that must encode: everything except the bodies of <c>assert_malformed</c>.</summary>
    private static IEnumerable<ScriptModule> ModulesToEncode(ComponentWastScript script)
    {
        foreach (var c in script.Commands)
        {
            switch (c)
            {
                case ScriptModuleCommand m: yield return m.Module; break;
                case ScriptAssertTrap { Module: { } t }: yield return t; break;
                case ScriptAssertModule a when a.Kind != ScriptAssertionKind.Malformed: yield return a.Module; break;
            }
        }
    }

    [Fact]
    public void EveryCorpusComponentEncodes()
    {
        if (TextCorpus.Root is null) return;
        int components = 0, cores = 0, files = 0;
        var failures = new List<string>();
        var unsupported = new List<string>();
        foreach (var f in TextCorpus.WastFiles())
        {
            var rel = (string)f[0];
            files++;
            var script = ComponentWastParser.Parse(File.ReadAllBytes(TextCorpus.WastPath(rel)), rel);
            foreach (var m in ModulesToEncode(script))
            {
                if (m.Form == ScriptModuleForm.Binary) continue;
                try
                {
                    var bytes = m.GetBinary();
                    if (m.Kind == ScriptModuleKind.Component)
                    {
                        BinaryShape.CheckComponent(bytes);
                        components++;
                    }
                    else cores++;
                }
                catch (UnsupportedFeatureException e)
                {
                    unsupported.Add($"{rel}:{m.Line}: {e.Message}");
                }
                catch (Exception e)
                {
                    failures.Add($"{rel}:{m.Line}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        int jco = 0;
        foreach (var path in TextCorpus.JcoWatFiles())
        {
            try
            {
                BinaryShape.CheckComponent(ComponentWat.ToBinary(File.ReadAllText(path), Path.GetFileName(path)));
                jco++;
            }
            catch (Exception e)
            {
                failures.Add($"{Path.GetFileName(path)}: {e.GetType().Name}: {e.Message}");
            }
        }
        _out.WriteLine($"{files} scripts: {components} components and {cores} core modules encoded, {jco} jco components; " +
                       $"{unsupported.Count} skipped for core proposals the engine's text encoder does not implement");
        foreach (var u in unsupported) _out.WriteLine("unsupported: " + u);
        foreach (var x in failures) _out.WriteLine("FAIL " + x);
        Assert.Empty(failures);
    }
}
