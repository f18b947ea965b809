namespace Wit.Generators.Emit.Guest;

/// <summary>
/// The support code guest bindings run on inside the component: linear memory access for one call, the
/// allocator the canonical ABI calls (<c>cabi_realloc</c>), string encodings and the representation table of
/// resources the component implements. Generated once per compilation (internal types, so two guest assemblies
/// never clash). Pointers are <c>int</c>s because they are wasm32 addresses: the component is the wasm program,
/// so an address in linear memory is a native address.
/// </summary>
internal static class GuestRuntimeSource
{
    public const string HintName = "Wasm.Components.Guest.g.cs";

    public const string Text = """
namespace Wasm.Components.Guest
{
    /// <summary>The string encoding of the component's canonical options (<c>string-encoding=...</c> of <c>canon lift</c>/<c>lower</c>).</summary>
    internal enum GuestStringEncoding
    {
        /// <summary><c>utf8</c>, the default: a byte pointer and a byte count.</summary>
        Utf8,

        /// <summary><c>utf16</c>: a 2-aligned pointer and a count of UTF-16 code units.</summary>
        Utf16,

        /// <summary><c>latin1+utf16</c>: Latin-1 bytes, or UTF-16 code units with bit 31 of the count set.</summary>
        Latin1Utf16,
    }

    /// <summary>The component's linear memory: its allocator and the encoding its strings use.</summary>
    internal static unsafe class GuestMemory
    {
        /// <summary>Must match the string encoding the component is built with (componentize-dotnet's default is UTF-8).</summary>
        public static GuestStringEncoding StringEncoding = GuestStringEncoding.Utf8;

        // What an export's results point to, freed by its cabi_post_* function once the caller has read them.
        private static global::System.Collections.Generic.List<int>? s_postReturn;

        /// <summary>The canonical ABI's allocator: the caller copies arguments and results into the component's memory through it.</summary>
        [global::System.Runtime.InteropServices.UnmanagedCallersOnly(EntryPoint = "cabi_realloc")]
        private static int CabiRealloc(int oldPtr, int oldSize, int alignment, int newSize) => Realloc(oldPtr, oldSize, alignment, newSize);

        /// <summary><c>realloc</c> with the canonical ABI's contract; a zero size gives a non-null, aligned, unusable address.</summary>
        public static int Realloc(int oldPtr, int oldSize, int alignment, int newSize)
        {
            if (newSize == 0)
            {
                if (oldPtr != 0 && oldSize != 0) Free(oldPtr);
                return alignment;
            }

            void* p = oldPtr == 0 || oldSize == 0
                ? global::System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)newSize, (nuint)alignment)
                : global::System.Runtime.InteropServices.NativeMemory.AlignedRealloc(Address(oldPtr), (nuint)newSize, (nuint)alignment);
            if (p == null) global::System.Environment.FailFast("cabi_realloc: out of memory");
            return unchecked((int)(nint)p);
        }

        /// <summary>Frees what <see cref="Realloc"/> allocated.</summary>
        public static void Free(int ptr) => global::System.Runtime.InteropServices.NativeMemory.AlignedFree(Address(ptr));

        /// <summary>The native address of a wasm32 pointer.</summary>
        public static void* Address(int ptr) => (void*)(nint)unchecked((uint)ptr);

        /// <summary>Keeps an export's result allocations until its post-return function runs.</summary>
        public static void KeepUntilPostReturn(global::System.Collections.Generic.List<int>? owned)
        {
            FreeAll(s_postReturn);
            s_postReturn = owned;
        }

        /// <summary>The body of every <c>cabi_post_*</c> function: frees what the export's results pointed to.</summary>
        public static void PostReturn()
        {
            FreeAll(s_postReturn);
            s_postReturn = null;
        }

        public static void FreeAll(global::System.Collections.Generic.List<int>? owned)
        {
            if (owned is null) return;
            foreach (int ptr in owned) Free(ptr);
            owned.Clear();
        }
    }

    /// <summary>
    /// Loads, stores and allocations of one call. Memory the component owns after the call (arguments the caller
    /// copied in, results an import copied in, buffers allocated for lowering) is recorded and freed by
    /// <see cref="Free"/>, or by the post-return function for an export's results.
    /// </summary>
    internal unsafe struct GuestContext
    {
        private global::System.Collections.Generic.List<int>? _owned;
        private int _lastAllocated;

        public T Read<T>(int ptr) where T : unmanaged => global::System.Runtime.CompilerServices.Unsafe.ReadUnaligned<T>(GuestMemory.Address(ptr));

        public void Write<T>(int ptr, T value) where T : unmanaged => global::System.Runtime.CompilerServices.Unsafe.WriteUnaligned(GuestMemory.Address(ptr), value);

        /// <summary>Allocates <paramref name="size"/> bytes, freed with the call.</summary>
        public int Allocate(int alignment, int size)
        {
            int ptr = GuestMemory.Realloc(0, 0, alignment, size);
            if (size != 0)
            {
                Own(ptr);
            }

            _lastAllocated = ptr;
            return ptr;
        }

        /// <summary>
        /// The bytes of a list. A list the caller (or an import) copied into this component's memory is this
        /// component's to free; a buffer just allocated for lowering is already recorded.
        /// </summary>
        public global::System.Span<byte> GetBytes(int ptr, int length)
        {
            if (length < 0) throw new global::Wasm.TrapException(global::Wasm.TrapCode.CanonicalAbi, "list too large for linear memory");
            if (length != 0 && ptr != _lastAllocated) Own(ptr);
            return new global::System.Span<byte>(GuestMemory.Address(ptr), length);
        }

        /// <summary>Records a block the component now owns (a spilled argument area), freed with the call.</summary>
        public void Own(int ptr) => (_owned ??= new global::System.Collections.Generic.List<int>()).Add(ptr);

        /// <summary>A string at <paramref name="ptr"/>, in <see cref="GuestMemory.StringEncoding"/>; the block is freed with the call.</summary>
        public string LoadString(int ptr, int length)
        {
            string value;
            switch (GuestMemory.StringEncoding)
            {
                case GuestStringEncoding.Utf16:
                    value = new string((char*)GuestMemory.Address(ptr), 0, length);
                    break;
                case GuestStringEncoding.Latin1Utf16:
                    value = (length & int.MinValue) != 0
                        ? new string((char*)GuestMemory.Address(ptr), 0, length & int.MaxValue)
                        : global::System.Text.Encoding.Latin1.GetString((byte*)GuestMemory.Address(ptr), length);
                    break;
                default:
                    value = global::System.Text.Encoding.UTF8.GetString((byte*)GuestMemory.Address(ptr), length);
                    break;
            }

            if ((length & int.MaxValue) != 0) Own(ptr);
            return value;
        }

        /// <summary>Copies a string into a new block, in <see cref="GuestMemory.StringEncoding"/>; returns the pointer and the (tagged) length.</summary>
        public int StoreString(string value, out int length)
        {
            switch (GuestMemory.StringEncoding)
            {
                case GuestStringEncoding.Utf16:
                    return StoreUtf16(value, out length);
                case GuestStringEncoding.Latin1Utf16:
                    foreach (char c in value)
                    {
                        if (c > '\u00FF')
                        {
                            int utf16 = StoreUtf16(value, out length);
                            length |= int.MinValue;
                            return utf16;
                        }
                    }

                    int latin1 = Allocate(1, value.Length);
                    global::System.Text.Encoding.Latin1.GetBytes(value, new global::System.Span<byte>(GuestMemory.Address(latin1), value.Length));
                    length = value.Length;
                    return latin1;
                default:
                    length = global::System.Text.Encoding.UTF8.GetByteCount(value);
                    int utf8 = Allocate(1, length);
                    global::System.Text.Encoding.UTF8.GetBytes(value, new global::System.Span<byte>(GuestMemory.Address(utf8), length));
                    return utf8;
            }
        }

        private int StoreUtf16(string value, out int length)
        {
            length = value.Length;
            int ptr = Allocate(2, checked(value.Length * 2));
            global::System.MemoryExtensions.AsSpan(value).CopyTo(new global::System.Span<char>(GuestMemory.Address(ptr), value.Length));
            return ptr;
        }

        // Handles are plain i32s in the component: the generated handle classes and resource tables give them meaning.
        public int LowerOwn(int resource, uint handle) => unchecked((int)handle);

        public int LowerBorrow(int resource, uint handle) => unchecked((int)handle);

        public uint LiftOwn(int resource, int handle) => unchecked((uint)handle);

        public uint LiftBorrow(int resource, int handle) => unchecked((uint)handle);

        /// <summary>Frees what the call owns.</summary>
        public void Free() => GuestMemory.FreeAll(_owned);

        /// <summary>Hands what the call owns to the export's post-return function.</summary>
        public void KeepUntilPostReturn()
        {
            GuestMemory.KeepUntilPostReturn(_owned);
            _owned = null;
        }
    }

    /// <summary>The objects behind the handles of a resource the component implements, by representation (1, 2, ...).</summary>
    internal sealed class GuestResourceTable<T> where T : class
    {
        private readonly global::System.Collections.Generic.List<T?> _items = new();
        private readonly global::System.Collections.Generic.Stack<int> _free = new();

        public int Add(T value)
        {
            if (_free.Count > 0)
            {
                int index = _free.Pop();
                _items[index] = value;
                return index + 1;
            }

            _items.Add(value);
            return _items.Count;
        }

        public T Get(int rep) =>
            rep > 0 && rep <= _items.Count && _items[rep - 1] is { } value
                ? value
                : throw new global::Wasm.TrapException(global::Wasm.TrapCode.CanonicalAbi, "unknown resource representation " + rep);

        public T Remove(int rep)
        {
            T value = Get(rep);
            _items[rep - 1] = null;
            _free.Push(rep - 1);
            return value;
        }

        public bool Contains(int rep) => rep > 0 && rep <= _items.Count && _items[rep - 1] is not null;
    }
}
""";
}
