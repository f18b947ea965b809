using System.Diagnostics;
using Wasm.Components.Tests.Text;
using Wasm.Components.Wast;
using Xunit.Abstractions;

namespace Wasm.Components.Tests.Validation;

/// <summary>
/// Types that refer to earlier types many times grow exponentially when expanded: a few hundred bytes can describe a
/// type of 10^10 parts. Validation bounds the effective size of every type (as wasm-tools does), so such input is
/// rejected promptly instead of occupying the host. The cases are wasm-tools' <c>very-nested.wast</c>.
/// </summary>
public sealed class TypeSizeLimitTests(ITestOutputHelper output)
{
    [Fact]
    public void VeryNestedTypes_AreRejectedPromptly()
    {
        var path = Path.Combine(TextCorpus.Root ?? throw new InvalidOperationException("shared/corpora not found"),
            "component-wast", "wasm-tools", "very-nested.wast");
        var script = ComponentWastParser.Parse(File.ReadAllBytes(path), path);
        var checkedCount = 0;
        foreach (var command in script.Commands)
        {
            if (command is not ScriptAssertModule { Kind: ScriptAssertionKind.Invalid } assert) continue;
            var bytes = assert.Module.GetBinary();
            var clock = Stopwatch.StartNew();
            Exception? error = null;
            var thread = new Thread(() =>
            {
                try { Component.FromBytes(new Engine(), bytes); }
                catch (Exception e) { error = e; }
            }, 16 * 1024 * 1024) { IsBackground = true };
            thread.Start();
            Assert.True(thread.Join(TimeSpan.FromSeconds(20)), $"line {assert.Line}: still validating after 20 s");
            output.WriteLine($"line {assert.Line}: {clock.ElapsedMilliseconds} ms: {error?.Message}");
            var invalid = Assert.IsType<InvalidModuleException>(error, exactMatch: false);
            if (assert.Message.Contains("effective type size", StringComparison.Ordinal))
                Assert.Contains("effective type size exceeds the limit", invalid.Message);
            checkedCount++;
        }
        Assert.True(checkedCount >= 4, $"only {checkedCount} assert_invalid cases found");
    }
}
