using System.Text;
using Wasm.Wasi.Http;
using HttpTypes = Wasm.Wasi.Preview2.Bindings.Wasi.Http.Types;

namespace Wasm.Http.Tests;

/// <summary>The error cases of <c>wasi:http/types.fields</c>.</summary>
public sealed class FieldsTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void Names_are_case_insensitive_and_values_keep_their_order()
    {
        var fields = new Fields();
        Assert.True(fields.Append("X-Tag", B("a")).IsOk);
        Assert.True(fields.Append("x-tag", B("b")).IsOk);
        Assert.True(fields.Has("X-TAG"));
        Assert.Equal(["a", "b"], fields.Get("x-Tag").Select(Encoding.ASCII.GetString));
        Assert.True(fields.Set("x-tag", [B("c")]).IsOk);
        Assert.Equal(["c"], fields.Get("X-Tag").Select(Encoding.ASCII.GetString));
        Assert.True(fields.Delete("X-TAG").IsOk);
        Assert.False(fields.Has("x-tag"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad name")]
    [InlineData("colon:")]
    [InlineData("caf\u00e9")]
    public void A_name_that_is_not_a_token_is_invalid_syntax(string name)
    {
        Assert.IsType<HttpTypes.HeaderError.InvalidSyntax>(new Fields().Append(name, B("v")).Error);
        Assert.IsType<HttpTypes.HeaderError.InvalidSyntax>(Fields.FromList([(name, B("v"))]).Error);
    }

    [Theory]
    [InlineData("a\r\nb")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    public void A_value_with_CR_LF_or_NUL_is_invalid_syntax(string value) =>
        Assert.IsType<HttpTypes.HeaderError.InvalidSyntax>(new Fields().Set("x", [B(value)]).Error);

    [Theory]
    [InlineData("Connection")]
    [InlineData("transfer-encoding")]
    [InlineData("Upgrade")]
    [InlineData("Host")]
    public void Hop_by_hop_headers_are_forbidden(string name)
    {
        Assert.IsType<HttpTypes.HeaderError.Forbidden>(new Fields().Append(name, B("v")).Error);
        Assert.IsType<HttpTypes.HeaderError.Forbidden>(Fields.FromList([(name, B("v"))]).Error);
    }

    [Fact]
    public void Incoming_headers_are_immutable_and_their_clone_is_not()
    {
        var fields = Fields.Immutable([("x", B("1"))]);
        Assert.IsType<HttpTypes.HeaderError.Immutable>(fields.Append("y", B("2")).Error);
        Assert.IsType<HttpTypes.HeaderError.Immutable>(fields.Set("x", []).Error);
        Assert.IsType<HttpTypes.HeaderError.Immutable>(fields.Delete("x").Error);
        var clone = (Fields)fields.Clone();
        Assert.True(clone.Append("y", B("2")).IsOk);
        Assert.Single(fields.Entries());
        Assert.Equal(2, clone.Entries().Count);
    }

    [Fact]
    public void Headers_given_to_a_response_become_immutable()
    {
        var headers = new Fields();
        var response = new OutgoingResponse(headers);
        headers.Freeze();
        Assert.IsType<HttpTypes.HeaderError.Immutable>(((Fields)response.Headers()).Append("x", B("1")).Error);
        Assert.True(response.SetStatusCode(404).IsOk);
        Assert.False(response.SetStatusCode(99).IsOk);
        Assert.Equal(404, response.StatusCode());
        Assert.True(response.Body().IsOk);
        Assert.False(response.Body().IsOk);
    }
}

/// <summary>Trailers passed to <c>outgoing-body.finish</c>.</summary>
public sealed class OutgoingBodyTests
{
    [Fact]
    public void A_request_body_finished_with_trailers_fails_instead_of_dropping_them()
    {
        var body = new OutgoingBody(trailersSupported: false);
        var trailers = new Fields();
        Assert.True(trailers.Append("x-checksum", "abc"u8.ToArray()).IsOk);
        var finished = body.Finish(trailers);
        Assert.IsType<HttpTypes.ErrorCode.InternalError>(finished.Error);
        Assert.True(body.Pipe.IsDrained(out var failure));
        Assert.NotNull(failure);
        Assert.IsType<HttpTypes.ErrorCode.InternalError>(body.Pipe.FailureCode);
    }

    [Fact]
    public void A_request_body_finished_with_empty_trailers_completes()
    {
        var body = new OutgoingBody(trailersSupported: false);
        Assert.True(body.Finish(new Fields()).IsOk);
        Assert.True(body.Pipe.IsDrained(out var failure));
        Assert.Null(failure);
    }

    [Fact]
    public void A_response_body_keeps_its_trailers_frozen_for_the_server()
    {
        var body = new OutgoingBody(trailersSupported: true);
        var trailers = new Fields();
        Assert.True(trailers.Append("x-checksum", "abc"u8.ToArray()).IsOk);
        Assert.True(body.Finish(trailers).IsOk);
        Assert.Same(trailers, body.Trailers);
        Assert.IsType<HttpTypes.HeaderError.Immutable>(trailers.Append("y", [1]).Error);
    }
}
