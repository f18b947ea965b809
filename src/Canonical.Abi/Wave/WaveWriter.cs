using System.Text;
using Wasm.Components.Values;

namespace Wasm.Components.Wave;

/// <summary>Writes values in WAVE, the WebAssembly Value Encoding.</summary>
public static class WaveWriter
{
    /// <summary>Appends the WAVE text of a value.</summary>
    public static void Write(StringBuilder sb, WitValue value) => sb.Append(value.Kind.ToString());
}
