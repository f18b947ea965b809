using Wasm.Binary;
using Wasm.Components.Model;

namespace Wasm.Components.Binary;

// The component-name custom section. Its validity is not required: any problem just leaves the names unset.
public static partial class ComponentDecoder
{
    private static bool TryReadNames(ref WasmReader r, out ComponentNames? names)
    {
        names = null;
        try
        {
            var result = new ComponentNames();
            while (!r.AtEnd)
            {
                byte id = r.ReadByte();
                uint len = r.ReadU32();
                if (len > (uint)r.Remaining) return false;
                int end = r.Position + (int)len;
                var s = NewReader(r.Data, r.Position, end);
                if (id == 0x00)
                {
                    result.Name = ReadString(ref s, int.MaxValue);
                    if (!s.AtEnd) return false;
                }
                else if (id == 0x01)
                {
                    byte b1 = s.ReadByte();
                    byte b2 = b1 == 0x00 ? s.ReadByte() : (byte)0;
                    bool known = b1 == 0x00 ? b2 is <= 0x04 or 0x10 or 0x11 or 0x12 : b1 is >= 0x01 and <= 0x05;
                    if (known)
                    {
                        uint n = s.ReadU32();
                        for (uint i = 0; i < n; i++)
                        {
                            uint index = s.ReadU32();
                            result.Items[((Sort)b1, (CoreSort)b2, index)] = ReadString(ref s, int.MaxValue);
                        }
                        if (!s.AtEnd) return false;
                    }
                }
                r.Position = end;
            }
            names = result;
            return true;
        }
        catch (MalformedModuleException)
        {
            return false;
        }
    }
}
