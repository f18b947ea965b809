using Wit.Model;

namespace Wit.Json;

/// <summary>Serializes a <see cref="Resolve"/> in the JSON schema of wit-parser's `*.wit.json` files.</summary>
public static class ResolveJson
{
    /// <summary>Returns the indented JSON text of a resolve.</summary>
    public static string Serialize(Resolve resolve)
    {
        var w = new JsonWriter();
        w.BeginObject();
        w.Name("worlds");
        w.BeginArray();
        foreach (var world in resolve.Worlds)
        {
            WriteWorld(w, resolve, world);
        }

        w.EndArray();
        w.Name("interfaces");
        w.BeginArray();
        foreach (var iface in resolve.Interfaces)
        {
            WriteInterface(w, iface);
        }

        w.EndArray();
        w.Name("types");
        w.BeginArray();
        foreach (var type in resolve.Types)
        {
            WriteTypeDef(w, type);
        }

        w.EndArray();
        w.Name("packages");
        w.BeginArray();
        foreach (var package in resolve.Packages)
        {
            w.BeginObject();
            w.Name("name");
            w.String(package.Name.ToString());
            WriteDocs(w, package.Docs);
            w.Name("interfaces");
            w.BeginObject();
            foreach (var entry in package.Interfaces)
            {
                w.Name(entry.Key);
                w.Number(entry.Value.Index);
            }

            w.EndObject();
            w.Name("worlds");
            w.BeginObject();
            foreach (var entry in package.Worlds)
            {
                w.Name(entry.Key);
                w.Number(entry.Value.Index);
            }

            w.EndObject();
            w.EndObject();
        }

        w.EndArray();
        w.EndObject();
        return w.ToString();
    }

    private static void WriteWorld(JsonWriter w, Resolve resolve, World world)
    {
        w.BeginObject();
        w.Name("name");
        w.String(world.Name);
        w.Name("imports");
        WriteWorldItems(w, world.Imports);
        w.Name("exports");
        WriteWorldItems(w, world.Exports);
        w.Name("package");
        WriteOptionalIndex(w, world.Package?.Index);
        WriteDocs(w, world.Docs);
        WriteStability(w, world.Stability);
        w.EndObject();
    }

    private static void WriteWorldItems(JsonWriter w, OrderedMap<WorldKey, WorldItem> items)
    {
        w.BeginObject();
        foreach (var entry in items)
        {
            w.Name(entry.Key.ToString());
            w.BeginObject();
            switch (entry.Value)
            {
                case WorldInterfaceItem iface:
                    w.Name("interface");
                    w.BeginObject();
                    w.Name("id");
                    w.Number(iface.Id.Index);
                    WriteStability(w, iface.Stability);
                    if (iface.ExternalId is not null)
                    {
                        w.Name("external_id");
                        w.String(iface.ExternalId);
                    }

                    WriteDocs(w, iface.Docs);
                    w.EndObject();
                    break;
                case WorldFunctionItem function:
                    w.Name("function");
                    WriteFunction(w, function.Function);
                    break;
                case WorldTypeItem type:
                    w.Name("type");
                    w.Number(type.Id.Index);
                    break;
            }

            w.EndObject();
        }

        w.EndObject();
    }

    private static void WriteInterface(JsonWriter w, Interface iface)
    {
        w.BeginObject();
        w.Name("name");
        w.StringOrNull(iface.Name);
        w.Name("types");
        w.BeginObject();
        foreach (var entry in iface.Types)
        {
            w.Name(entry.Key);
            w.Number(entry.Value.Index);
        }

        w.EndObject();
        w.Name("functions");
        w.BeginObject();
        foreach (var entry in iface.Functions)
        {
            w.Name(entry.Key);
            WriteFunction(w, entry.Value);
        }

        w.EndObject();
        WriteDocs(w, iface.Docs);
        WriteStability(w, iface.Stability);
        w.Name("package");
        WriteOptionalIndex(w, iface.Package?.Index);
        if (iface.CloneOf is { } cloneOf)
        {
            w.Name("clone_of");
            w.Number(cloneOf.Index);
        }

        w.EndObject();
    }

    private static void WriteFunction(JsonWriter w, Function function)
    {
        w.BeginObject();
        w.Name("name");
        w.String(function.Name);
        w.Name("kind");
        switch (function.Kind)
        {
            case FunctionKindTag.Freestanding:
                w.String("freestanding");
                break;
            case FunctionKindTag.AsyncFreestanding:
                w.String("async-freestanding");
                break;
            default:
                w.BeginObject();
                w.Name(function.Kind switch
                {
                    FunctionKindTag.Method => "method",
                    FunctionKindTag.AsyncMethod => "async-method",
                    FunctionKindTag.Static => "static",
                    FunctionKindTag.AsyncStatic => "async-static",
                    _ => "constructor",
                });
                w.Number(function.Resource!.Value.Index);
                w.EndObject();
                break;
        }

        w.Name("params");
        w.BeginArray();
        foreach (var param in function.Params)
        {
            w.BeginObject();
            if (param.Name.Length > 0)
            {
                w.Name("name");
                w.String(param.Name);
            }

            w.Name("type");
            WriteType(w, param.Type);
            w.EndObject();
        }

        w.EndArray();
        if (function.Result is { } result)
        {
            w.Name("result");
            WriteType(w, result);
        }

        WriteDocs(w, function.Docs);
        WriteStability(w, function.Stability);
        if (function.ExternalId is not null)
        {
            w.Name("external_id");
            w.String(function.ExternalId);
        }

        w.EndObject();
    }

    private static void WriteTypeDef(JsonWriter w, TypeDef type)
    {
        w.BeginObject();
        w.Name("name");
        w.StringOrNull(type.Name);
        w.Name("kind");
        WriteKind(w, type.Kind);
        w.Name("owner");
        switch (type.Owner.Kind)
        {
            case TypeOwnerKind.Interface:
                w.BeginObject();
                w.Name("interface");
                w.Number(type.Owner.Index);
                w.EndObject();
                break;
            case TypeOwnerKind.World:
                w.BeginObject();
                w.Name("world");
                w.Number(type.Owner.Index);
                w.EndObject();
                break;
            default:
                w.Null();
                break;
        }

        WriteDocs(w, type.Docs);
        WriteStability(w, type.Stability);
        if (type.ExternalId is not null)
        {
            w.Name("external_id");
            w.String(type.ExternalId);
        }

        w.EndObject();
    }

    private static void WriteKind(JsonWriter w, TypeDefKind kind)
    {
        if (kind is ResourceKind)
        {
            w.String("resource");
            return;
        }

        w.BeginObject();
        w.Name(kind.KindName);
        switch (kind)
        {
            case RecordKind record:
                w.BeginObject();
                w.Name("fields");
                w.BeginArray();
                foreach (var field in record.Fields)
                {
                    w.BeginObject();
                    w.Name("name");
                    w.String(field.Name);
                    w.Name("type");
                    WriteType(w, field.Type);
                    WriteDocs(w, field.Docs);
                    w.EndObject();
                }

                w.EndArray();
                w.EndObject();
                break;
            case HandleKind handle:
                w.BeginObject();
                w.Name(handle.IsBorrow ? "borrow" : "own");
                w.Number(handle.Resource.Index);
                w.EndObject();
                break;
            case FlagsKind flags:
                WriteNamedCases(w, "flags", flags.Flags);
                break;
            case EnumKind e:
                WriteNamedCases(w, "cases", e.Cases);
                break;
            case TupleKind tuple:
                w.BeginObject();
                w.Name("types");
                w.BeginArray();
                foreach (var t in tuple.Types)
                {
                    WriteType(w, t);
                }

                w.EndArray();
                w.EndObject();
                break;
            case VariantKind variant:
                w.BeginObject();
                w.Name("cases");
                w.BeginArray();
                foreach (var c in variant.Cases)
                {
                    w.BeginObject();
                    w.Name("name");
                    w.String(c.Name);
                    w.Name("type");
                    WriteOptionalType(w, c.Type);
                    WriteDocs(w, c.Docs);
                    w.EndObject();
                }

                w.EndArray();
                w.EndObject();
                break;
            case OptionKind option:
                WriteType(w, option.Type);
                break;
            case ResultKind result:
                w.BeginObject();
                w.Name("ok");
                WriteOptionalType(w, result.Ok);
                w.Name("err");
                WriteOptionalType(w, result.Err);
                w.EndObject();
                break;
            case ListKind list:
                WriteType(w, list.Type);
                break;
            case MapKind map:
                w.BeginArray();
                WriteType(w, map.Key);
                WriteType(w, map.Value);
                w.EndArray();
                break;
            case FixedLengthListKind fixedList:
                w.BeginArray();
                WriteType(w, fixedList.Type);
                w.Number(fixedList.Size);
                w.EndArray();
                break;
            case FutureKind future:
                WriteOptionalType(w, future.Type);
                break;
            case StreamKind stream:
                WriteOptionalType(w, stream.Type);
                break;
            case AliasKind alias:
                WriteType(w, alias.Target);
                break;
            default:
                w.Null();
                break;
        }

        w.EndObject();
    }

    private static void WriteNamedCases(JsonWriter w, string property, System.Collections.Generic.List<NamedCase> cases)
    {
        w.BeginObject();
        w.Name(property);
        w.BeginArray();
        foreach (var c in cases)
        {
            w.BeginObject();
            w.Name("name");
            w.String(c.Name);
            WriteDocs(w, c.Docs);
            w.EndObject();
        }

        w.EndArray();
        w.EndObject();
    }

    private static void WriteType(JsonWriter w, WitType type)
    {
        if (type.IsId)
        {
            w.Number(type.Id.Index);
        }
        else
        {
            w.String(WitType.PrimitiveName(type.Kind));
        }
    }

    private static void WriteOptionalType(JsonWriter w, WitType? type)
    {
        if (type is { } t)
        {
            WriteType(w, t);
        }
        else
        {
            w.Null();
        }
    }

    private static void WriteOptionalIndex(JsonWriter w, int? index)
    {
        if (index is { } i)
        {
            w.Number(i);
        }
        else
        {
            w.Null();
        }
    }

    private static void WriteDocs(JsonWriter w, string? docs)
    {
        if (docs is null)
        {
            return;
        }

        w.Name("docs");
        w.BeginObject();
        w.Name("contents");
        w.String(docs);
        w.EndObject();
    }

    private static void WriteStability(JsonWriter w, Stability stability)
    {
        if (stability.IsUnknown)
        {
            return;
        }

        w.Name("stability");
        w.BeginObject();
        if (stability.Kind == StabilityKind.Stable)
        {
            w.Name("stable");
            w.BeginObject();
            w.Name("since");
            w.String(stability.Since!.ToString());
        }
        else
        {
            w.Name("unstable");
            w.BeginObject();
            w.Name("feature");
            w.String(stability.Feature!);
        }

        if (stability.Deprecated is not null)
        {
            w.Name("deprecated");
            w.String(stability.Deprecated.ToString());
        }

        w.EndObject();
        w.EndObject();
    }
}
