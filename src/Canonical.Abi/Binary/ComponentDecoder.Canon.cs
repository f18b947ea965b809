using Wasm.Binary;
using Wasm.Components.Model;

namespace Wasm.Components.Binary;

// The canon section: lift, lower and the resource built-ins fully; every other built-in (async, stream, future,
// error-context, waitable, thread) as CanonKind.Other with its opcode and immediates in binary order.
public static partial class ComponentDecoder
{
    private static readonly CanonOpt[] NoOptions = [];

    private static Definition ReadCanonDefinition(ref WasmReader r)
    {
        int at = r.Position;
        return new CanonDefinition(at, ReadCanon(ref r));
    }

    private static Canon ReadCanon(ref WasmReader r)
    {
        int at = r.Position;
        byte op = r.ReadByte();
        switch (op)
        {
            case 0x00:
            {
                int sAt = r.Position;
                byte s = r.ReadByte();
                if (s != 0x00) throw InvalidLeadingByte(s, "canonical function lift", sAt);
                uint func = r.ReadU32();
                var opts = ReadCanonOpts(ref r);
                return new Canon(CanonKind.Lift, op, func, r.ReadU32(), opts);
            }
            case 0x01:
            {
                int sAt = r.Position;
                byte s = r.ReadByte();
                if (s != 0x00) throw InvalidLeadingByte(s, "canonical function lower", sAt);
                uint func = r.ReadU32();
                return new Canon(CanonKind.Lower, op, func, 0, ReadCanonOpts(ref r));
            }
            case 0x02: return new Canon(CanonKind.ResourceNew, op, 0, r.ReadU32(), NoOptions);
            case 0x03: return new Canon(CanonKind.ResourceDrop, op, 0, r.ReadU32(), NoOptions);
            case 0x04: return new Canon(CanonKind.ResourceRep, op, 0, r.ReadU32(), NoOptions);

            // No immediates.
            case 0x05 or 0x0D or 0x1E or 0x1F or 0x22 or 0x23 or 0x24 or 0x25 or 0x26 or 0x28 or 0x42:
                return Other(op, 0, NoOptions, []);

            case 0x09:
            {
                var result = ReadResultList(ref r);
                return new Canon(CanonKind.Other, op, 0, 0, ReadCanonOpts(ref r), [], result);
            }
            case 0x0A or 0x0B:
            {
                // context.get/set: the core value type (its leading byte is kept) and the slot.
                byte t = r.PeekByte();
                TryReadCoreValType(ref r, out _);
                return Other(op, 0, NoOptions, [t, r.ReadU32()]);
            }
            // subtask.cancel async?; thread.yield / thread.suspend* cancel?
            case 0x06 or 0x0C or 0x29 or 0x2A or 0x2B or 0x2C or 0x2D:
                return Other(op, 0, NoOptions, [ReadBool(ref r) ? 1u : 0u]);

            // stream/future new and drop-readable/writable: a type index.
            case 0x0E or 0x13 or 0x14 or 0x15 or 0x1A or 0x1B:
            {
                uint t = r.ReadU32();
                return Other(op, t, NoOptions, [t]);
            }
            // stream/future read and write: a type index and options.
            case 0x0F or 0x10 or 0x16 or 0x17:
            {
                uint t = r.ReadU32();
                return Other(op, t, ReadCanonOpts(ref r), [t]);
            }
            // stream/future cancel-read/write: a type index and async?.
            case 0x11 or 0x12 or 0x18 or 0x19:
            {
                uint t = r.ReadU32();
                return Other(op, t, NoOptions, [t, ReadBool(ref r) ? 1u : 0u]);
            }
            // error-context.new / debug-message: options.
            case 0x1C or 0x1D:
                return Other(op, 0, ReadCanonOpts(ref r), []);
            // waitable-set.wait / poll: cancel? and a memory index.
            case 0x20 or 0x21:
            {
                uint cancel = ReadBool(ref r) ? 1u : 0u;
                return Other(op, 0, NoOptions, [cancel, r.ReadU32()]);
            }
            // thread.new-indirect and thread.spawn-indirect: a core type index and a table index.
            case 0x27 or 0x41:
            {
                uint ft = r.ReadU32();
                return Other(op, ft, NoOptions, [ft, r.ReadU32()]);
            }
            // thread.spawn-ref: a core type index.
            case 0x40:
            {
                uint ft = r.ReadU32();
                return Other(op, ft, NoOptions, [ft]);
            }
            default:
                throw InvalidLeadingByte(op, "canonical function", at);
        }
    }

    private static Canon Other(byte op, uint type, IReadOnlyList<CanonOpt> opts, uint[] immediates) =>
        new(CanonKind.Other, op, 0, type, opts, immediates);

    private static IReadOnlyList<CanonOpt> ReadCanonOpts(ref WasmReader r)
    {
        int n = ReadSize(ref r, 10, "canonical options");
        if (n == 0) return NoOptions;
        var opts = new CanonOpt[Math.Min(n, r.Remaining)];
        for (int i = 0; i < n; i++)
        {
            int at = r.Position;
            byte k = r.ReadByte();
            uint index = k switch
            {
                0x00 or 0x01 or 0x02 or 0x06 or 0x09 => 0,
                0x03 or 0x04 or 0x05 or 0x07 or 0x08 => r.ReadU32(),
                _ => throw InvalidLeadingByte(k, "canonical option", at),
            };
            opts[i] = new CanonOpt(k, index);
        }
        return opts;
    }
}
