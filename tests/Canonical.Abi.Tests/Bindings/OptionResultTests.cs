using Wasm.Components.Bindings;

namespace Wasm.Components.Tests.Bindings;

/// <summary>The value types generated bindings use for <c>option</c> (when <c>T?</c> cannot), <c>result</c> and empty payloads.</summary>
public sealed class OptionResultTests
{
    [Fact]
    public void OptionKeepsNoneAndSomeNoneApart()
    {
        Option<int?> none = default;
        Option<int?> someNone = Option.Some<int?>(null);
        Assert.False(none.HasValue);
        Assert.True(someNone.HasValue);
        Assert.Null(someNone.Value);
        Assert.NotEqual(none, someNone);
        Assert.Equal(Option<int?>.None, none);
        Assert.Throws<InvalidOperationException>(() => none.Value);
    }

    [Fact]
    public void OptionEqualityAndText()
    {
        Option<string> a = "x";
        Assert.Equal(Option.Some("x"), a);
        Assert.True(a == Option.Some("x"));
        Assert.Equal(a.GetHashCode(), Option.Some("x").GetHashCode());
        Assert.Equal("Some(x)", a.ToString());
        Assert.Equal("None", Option<string>.None.ToString());
        Assert.True(a.TryGetValue(out var value));
        Assert.Equal("x", value);
        Assert.Equal("y", Option<string>.None.GetValueOrDefault("y"));
    }

    [Fact]
    public void ResultOkAndErr()
    {
        var ok = Result.Ok<int, string>(5);
        var err = Result<int, string>.Err("bad");
        Assert.True(ok.IsOk);
        Assert.Equal(5, ok.Value);
        Assert.True(err.IsErr);
        Assert.Equal("bad", err.Error);
        Assert.Throws<InvalidOperationException>(() => err.Value);
        Assert.Throws<InvalidOperationException>(() => ok.Error);
        Assert.Equal("Ok(5)", ok.ToString());
        Assert.Equal("Err(bad)", err.ToString());
        Assert.NotEqual(ok, err);
        Assert.Equal(Result.Ok<int, string>(5), ok);
        Assert.False(Result.Ok<int, int>(1) == Result.Err<int, int>(1));
    }

    [Fact]
    public void ResultIsPatternFriendly()
    {
        var result = Result.Err<Unit, string>("denied");
        string text = result switch
        {
            { IsOk: true } => "ok",
            { Error: var e } => e,
        };
        Assert.Equal("denied", text);
        Assert.False(result.TryGetValue(out _, out var error));
        Assert.Equal("denied", error);
        Assert.True(result.TryGetError(out var again));
        Assert.Equal("denied", again);
        Assert.Equal(3, Result.Ok<string, int>("abc").Match(s => s.Length, e => e));
    }

    [Fact]
    public void UnitIsOneValue()
    {
        Assert.Equal(Unit.Value, default);
        Assert.True(Unit.Value == new Unit());
        Assert.Equal("()", Unit.Value.ToString());
        Assert.Equal("Ok(())", Result.Ok<Unit, string>(Unit.Value).ToString());
    }
}
