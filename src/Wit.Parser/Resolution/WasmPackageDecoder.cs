using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>Recognizes and decodes WIT packages encoded as components (binary or text).</summary>
internal static partial class WasmPackageDecoder
{
    /// <summary>True for the wasm binary magic, or for text that starts like a `(component ...)`.</summary>
    public static bool IsWasm(byte[] bytes, string path)
    {
        if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == (byte)'a' && bytes[2] == (byte)'s' && bytes[3] == (byte)'m')
        {
            return true;
        }

        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r')
            {
                i++;
            }
            else if (b == ';' && i + 1 < bytes.Length && bytes[i + 1] == ';')
            {
                while (i < bytes.Length && bytes[i] != '\n')
                {
                    i++;
                }
            }
            else
            {
                return b == '(' && !path.EndsWith(".wit", System.StringComparison.Ordinal);
            }
        }

        return false;
    }

    public static PackageId DecodeInto(Resolve resolve, byte[] bytes, string displayPath)
    {
        throw new WitException($"decoding WIT packages from wasm is not supported [{displayPath}]");
    }
}
