namespace Wasm.Tests.Api;

/// <summary>
/// Accesses through the same unchanged local reuse an earlier bounds check; these cases make sure a check is
/// only left out where an earlier one really covers the access.
/// </summary>
public class BoundsCheckTests
{
    private const string Module = """
        (module
          (memory 1)
          ;; a wider access after a narrower one through the same local must still be checked
          (func (export "wider_after_narrower") (param $p i32) (result i32)
            (drop (i32.load8_u (local.get $p)))
            (i32.load offset=4 (local.get $p)))
          ;; a narrower access after a wider one is covered
          (func (export "narrower_after_wider") (param $p i32) (result i32)
            (drop (i64.load (local.get $p)))
            (i32.load16_u offset=6 (local.get $p)))
          ;; the first store lands before the second one traps
          (func (export "store_then_trap") (param $p i32)
            (i32.store (local.get $p) (i32.const 7))
            (i32.store offset=4 (local.get $p) (i32.const 8)))
          (func (export "peek") (param $p i32) (result i32) (i32.load (local.get $p)))
          ;; writing the local forgets what was checked for it
          (func (export "after_set") (param $p i32) (param $q i32) (result i32)
            (drop (i32.load offset=8 (local.get $p)))
            (local.set $p (local.get $q))
            (i32.load (local.get $p)))
          (func (export "after_tee") (param $p i32) (param $q i32) (result i32)
            (drop (i32.load offset=8 (local.get $p)))
            (drop (local.tee $p (local.get $q)))
            (i32.load (local.get $p)))
          ;; a check made on one path does not cover the code after the paths join
          (func (export "after_join") (param $p i32) (param $c i32) (result i32)
            (if (local.get $c) (then (drop (i32.load offset=8 (local.get $p)))))
            (i32.load offset=4 (local.get $p)))
          (func (export "loop_head") (param $p i32) (param $n i32) (result i32)
            (local $sum i32)
            (drop (i32.load offset=8 (local.get $p)))
            (loop $l
              (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $p))))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $sum))
          ;; a teed address is checked once and then covers narrower accesses
          (func (export "teed") (param $p i32) (result i32)
            (local $q i32)
            (i32.store offset=4 (local.tee $q (local.get $p)) (i32.const 5))
            (i32.add (i32.load offset=4 (local.get $q)) (i32.load8_u (local.get $q))))
          (func (export "grow_between") (param $p i32) (result i32)
            (drop (i32.load (local.get $p)))
            (drop (memory.grow (i32.const 1)))
            (i32.load (local.get $p))))
        """;

    private readonly Instance _instance = ApiHelpers.Instantiate(Module);

    private T Call<T>(string name) where T : Delegate => _instance.GetFunction<T>(name)!;

    private static void AssertOutOfBounds(Action action) =>
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(action).Code);

    [Fact]
    public void WiderAccess_IsStillChecked()
    {
        var f = Call<Func<int, int>>("wider_after_narrower");
        Assert.Equal(0, f(65528));
        AssertOutOfBounds(() => f(65533));
    }

    [Fact]
    public void NarrowerAccess_IsCoveredAndCorrect()
    {
        var f = Call<Func<int, int>>("narrower_after_wider");
        Assert.Equal(0, f(65528));
        AssertOutOfBounds(() => f(65529));
    }

    [Fact]
    public void StoreBeforeTrap_IsVisible()
    {
        AssertOutOfBounds(() => Call<Action<int>>("store_then_trap")(65532));
        Assert.Equal(7, Call<Func<int, int>>("peek")(65532));
    }

    [Fact]
    public void WritingTheLocal_ForgetsTheCheck()
    {
        AssertOutOfBounds(() => Call<Func<int, int, int>>("after_set")(0, 65533));
        AssertOutOfBounds(() => Call<Func<int, int, int>>("after_tee")(0, 65533));
        Assert.Equal(0, Call<Func<int, int, int>>("after_set")(0, 65532));
    }

    [Fact]
    public void JoinPoint_ForgetsTheCheck()
    {
        var f = Call<Func<int, int, int>>("after_join");
        AssertOutOfBounds(() => f(65532, 0));
        AssertOutOfBounds(() => f(65532, 1));
        Assert.Equal(0, f(65524, 1));
    }

    [Fact]
    public void LoopHead_ForgetsTheCheck()
    {
        var f = Call<Func<int, int, int>>("loop_head");
        Assert.Equal(0, f(65520, 4));
        AssertOutOfBounds(() => f(65520, 5));
    }

    [Fact]
    public void TeedAddress_CoversLaterAccesses()
    {
        Assert.Equal(5, Call<Func<int, int>>("teed")(100));
        AssertOutOfBounds(() => Call<Func<int, int>>("teed")(65529));
    }

    [Fact]
    public void MemoryGrowth_KeepsEarlierChecksValid()
    {
        Assert.Equal(0, Call<Func<int, int>>("grow_between")(65532));
        AssertOutOfBounds(() => Call<Func<int, int>>("grow_between")(2 * 65536 + 65536 * 8));
    }
}
