using Wasm.Components.Model;

namespace Wasm.Components.Abi;

/// <summary>
/// The options of one <c>canon lift</c> or <c>canon lower</c> definition (the spec's <c>CanonicalOptions</c>):
/// the string encoding, the linear memory and <c>realloc</c> of the core side, the <c>post-return</c> function
/// of a lifted export, and the handle tables of the component instance the definition belongs to.
/// </summary>
public sealed class CanonicalOptions
{
    /// <summary>Creates the options of a definition of the instance whose handles live in <paramref name="handles"/>.</summary>
    public CanonicalOptions(HandleTables handles) => Handles = handles ?? throw new ArgumentNullException(nameof(handles));

    /// <summary>The encoding of strings in <see cref="Memory"/> (<c>string-encoding=</c>; UTF-8 by default).</summary>
    public StringEncoding StringEncoding { get; init; }

    /// <summary>The core memory strings, lists and spilled values live in (<c>(memory ...)</c>).</summary>
    public Memory? Memory { get; init; }

    /// <summary>The core <c>(func (param i32 i32 i32 i32) (result i32))</c> used to allocate in <see cref="Memory"/>.</summary>
    public Function? Realloc { get; init; }

    /// <summary>A typed delegate of <see cref="Realloc"/> (validation guarantees its signature), made on first use.</summary>
    internal Func<int, int, int, int, int>? ReallocDelegate => _realloc ??= Realloc?.AsDelegate<Func<int, int, int, int, int>>();

    private Func<int, int, int, int, int>? _realloc;

    /// <summary>The core function called with the flat results after a lifted export's results were lifted.</summary>
    public Function? PostReturn { get; init; }

    /// <summary>The handle tables of the component instance that owns the definition.</summary>
    public HandleTables Handles { get; }

    /// <summary>The memory, or a host-programming error when the definition has none although a value needs it
    /// (validation guarantees it for valid components).</summary>
    internal Memory RequireMemory() =>
        Memory ?? throw new InvalidOperationException("the canonical options have no memory but the value needs one");
}

/// <summary>
/// One call through the canonical ABI (the spec's <c>LiftLowerContext</c> together with the borrow scope of its
/// <c>Task</c>/<c>Subtask</c>): the options of the core side, the borrows lowered into the callee for this
/// call and the handles lent out of the caller for it. Create one per call and finish it with
/// <see cref="ExitCall"/>.
/// </summary>
public sealed partial class LiftLowerContext
{
    /// <summary>Creates the context of one call whose core side has the given options.</summary>
    public LiftLowerContext(CanonicalOptions options) => Options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The options of the core side.</summary>
    public CanonicalOptions Options { get; }

    /// <summary>True when what is lifted goes straight into another component instance (a fused call): strings are
    /// then checked and left in memory, to be transcoded into the destination's memory when lowered.</summary>
    internal bool Fused { get; init; }

    /// <summary>Borrow handles lowered into the instance for this call and not yet dropped (the Task's <c>num_borrows</c>).</summary>
    internal int NumBorrows;

    private List<HandleTables.Entry>? _lenders;

    internal void AddLender(HandleTables.Entry e) => (_lenders ??= new()).Add(e);

    /// <summary>
    /// Ends the call: traps with "borrow handles still remain at the end of the call" when a borrow lowered
    /// into a lifted callee was not dropped, and returns the handles lent to a lowered callee to their owners.
    /// </summary>
    public void ExitCall()
    {
        if (_lenders is { } lenders)
        {
            foreach (var e in lenders) e.Lends--;
            _lenders = null;
        }
        if (NumBorrows > 0) throw HandleTables.Trap("borrow handles still remain at the end of the call");
    }

    // ------------------------------------------------------------------ memory access

    /// <summary>
    /// <paramref name="length"/> bytes of memory at <paramref name="ptr"/>, already bounds-checked by the caller;
    /// works for memories above 2 GiB. Re-read after every call into the guest (a realloc may grow the memory).
    /// </summary>
    internal Span<byte> At(uint ptr, int length) => Options.RequireMemory().GetSpan(ptr, length);

    /// <summary>The memory's size in bytes.</summary>
    internal ulong MemLength => Options.RequireMemory().ByteLength;

    /// <summary>Traps with <paramref name="message"/> unless <c>[ptr, ptr+length)</c> is inside the memory.</summary>
    internal void CheckBounds(ulong ptr, ulong length, string message)
    {
        if (ptr + length > MemLength) throw HandleTables.Trap(message);
    }

    /// <summary>Traps with "unaligned pointer" unless <paramref name="ptr"/> is a multiple of <paramref name="alignment"/>.</summary>
    internal static void CheckAligned(uint ptr, uint alignment, string what)
    {
        if ((ptr & (alignment - 1)) != 0) throw HandleTables.Trap($"unaligned pointer: {what} not aligned to {alignment}");
    }

    /// <summary>
    /// Calls <c>realloc(old, oldSize, alignment, newSize)</c> and checks that the returned pointer is aligned and that
    /// <paramref name="newSize"/> bytes fit there ("realloc return: result not aligned" / "realloc return: beyond
    /// end of memory", followed by <paramref name="what"/> for the fused-adapter wording).
    /// </summary>
    internal uint Reallocate(uint old, uint oldSize, uint alignment, uint newSize, string what, bool checkAlignment = true)
    {
        var realloc = Options.ReallocDelegate ?? throw new InvalidOperationException("the canonical options have no realloc but the value needs one");
        // The guest may not call out of its instance while the ABI runs its realloc.
        var state = Options.Handles.Owner as InstanceState;
        bool mayLeave = state?.MayLeave ?? true;
        if (state is not null) state.MayLeave = false;
        uint ptr;
        try
        {
            ptr = unchecked((uint)realloc(unchecked((int)old), unchecked((int)oldSize), unchecked((int)alignment), unchecked((int)newSize)));
        }
        finally
        {
            if (state is not null) state.MayLeave = mayLeave;
        }
        if (checkAlignment && (ptr & (alignment - 1)) != 0) throw HandleTables.Trap("unaligned pointer: realloc return: result not aligned");
        if ((ulong)ptr + newSize > MemLength) throw HandleTables.Trap("realloc return: beyond end of memory: " + what);
        return ptr;
    }

    /// <summary><c>allocate(alignment, size)</c>.</summary>
    internal uint Allocate(uint alignment, uint size, string what, bool checkAlignment = true) =>
        Reallocate(0, 0, alignment, size, what, checkAlignment);
}
