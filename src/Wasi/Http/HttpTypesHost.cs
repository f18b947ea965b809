using Wasm.Components.Bindings;
using Wasm.Wasi.Preview2.Bindings.Wasi.Http;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Io;
using HttpTypes = Wasm.Wasi.Preview2.Bindings.Wasi.Http.Types;

namespace Wasm.Wasi.Http;

/// <summary>The constructors and static functions of <c>wasi:http/types</c>.</summary>
internal sealed class HttpTypesHost : ITypes
{
    public ITypes.IFields CreateFields() => new Fields();

    public Result<ITypes.IFields, HttpTypes.HeaderError> FieldsFromList(IReadOnlyList<(string, byte[])> entries)
    {
        var result = Fields.FromList(entries);
        return result.IsOk ? Result.Ok<ITypes.IFields, HttpTypes.HeaderError>(result.Value) : Result.Err<ITypes.IFields, HttpTypes.HeaderError>(result.Error);
    }

    public ITypes.IOutgoingRequest CreateOutgoingRequest(ITypes.IFields headers) => new OutgoingRequest(Frozen(headers));

    public ITypes.IRequestOptions CreateRequestOptions() => new RequestOptions();

    public void ResponseOutparamSet(ITypes.IResponseOutparam param, Result<ITypes.IOutgoingResponse, HttpTypes.ErrorCode> response)
    {
        var outparam = (ResponseOutparam)param;
        outparam.Set(response.IsOk
            ? Result.Ok<OutgoingResponse, HttpTypes.ErrorCode>((OutgoingResponse)response.Value)
            : Result.Err<OutgoingResponse, HttpTypes.ErrorCode>(response.Error));
    }

    public ITypes.IFutureTrailers IncomingBodyFinish(ITypes.IIncomingBody @this) => ((IncomingBody)@this).Finish();

    public ITypes.IOutgoingResponse CreateOutgoingResponse(ITypes.IFields headers) => new OutgoingResponse(Frozen(headers));

    public Result<Unit, HttpTypes.ErrorCode> OutgoingBodyFinish(ITypes.IOutgoingBody @this, ITypes.IFields? trailers) =>
        ((OutgoingBody)@this).Finish((Fields?)trailers);

    /// <summary>The HTTP error code behind a body stream's error (a failed connection, a timeout), if it has one.</summary>
    public HttpTypes.ErrorCode? HttpErrorCode(IError.IError_ err) => (err as IoError)?.Detail as HttpTypes.ErrorCode;

    /// <summary>Headers handed to a message become immutable (the guest's handle to them is consumed).</summary>
    private static Fields Frozen(ITypes.IFields headers)
    {
        var fields = (Fields)headers;
        fields.Freeze();
        return fields;
    }
}
