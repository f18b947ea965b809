using Wasm.Components.Types;
using Wasm.Components.WitPrinting;

namespace Wasm.Components.Tests.WitPrinting;


/// <summary>The printer on hand-built component types, and on the types validation builds.</summary>
public class ComponentWitPrinterTests
{
    private static KeyValuePair<string, ExternType> E(string name, ExternType type) => new(name, type);

    private static FuncExternType F(WitType? result, params (string Name, WitType Type)[] ps) =>
        new(new ComponentFuncType(ps.Select(p => new Param(p.Name, p.Type)).ToList(), result));

    [Fact]
    public void EmptyComponent() =>
        Assert.Equal("package root:component;\n\nworld root {\n}\n", ComponentWitPrinter.Print(new ComponentType([], [])));

    [Fact]
    public void FunctionsAndInlineInterface()
    {
        var point = new RecordType([new("x", WitType.S32), new("y", WitType.S32)]);
        var type = new ComponentType(
            [E("log", F(null, ("msg", WitType.String)))],
            [
                E("run", F(new ResultType(null, WitType.String))),
                E("shapes", new InstanceType([E("point", new TypeExternType(point)), E("origin", F(point)), E("move", F(new OptionType(point), ("p", point), ("by", new ListType(WitType.S32, 2))))])),
            ]);
        Assert.Equal("""
            package root:component;

            world root {
              import log: func(msg: string);

              export run: func() -> result<_, string>;
              export shapes: interface {
                record point {
                  x: s32,
                  y: s32,
                }
                origin: func() -> point;
                move: func(p: point, by: list<s32, 2>) -> option<point>;
              }
            }

            """.ReplaceLineEndings("\n"), ComponentWitPrinter.Print(type));
    }

    [Fact]
    public void ResourcesUsesAndNestedPackages()
    {
        var error = new ResourceType("error");
        var stream = new ResourceType("output-stream");
        var streamError = new VariantType([new("last-operation-failed", new HandleType(error, isOwn: true)), new("closed", null)]);
        var errorIface = new InstanceType([
            E("error", new TypeExternType(error)),
            E("[method]error.to-debug-string", F(WitType.String, ("self", new HandleType(error, isOwn: false)))),
        ]);
        var streams = new InstanceType([
            E("error", new TypeExternType(error)),
            E("stream-error", new TypeExternType(streamError)),
            E("output-stream", new TypeExternType(stream)),
            E("[method]output-stream.write", F(new ResultType(null, streamError), ("self", new HandleType(stream, isOwn: false)), ("contents", new ListType(WitType.U8)))),
            E("[static]output-stream.open", F(new HandleType(stream, isOwn: true))),
            E("[constructor]output-stream", F(new HandleType(stream, isOwn: true), ("fd", WitType.U32))),
        ]);
        var host = new InstanceType([
            E("out", new TypeExternType(stream)),
            E("get-stdout", F(new HandleType(stream, isOwn: true))),
        ]);
        var type = new ComponentType(
            [E("wasi:io/error@0.2.0", errorIface), E("wasi:io/streams@0.2.0", streams), E("host", host)],
            [E("run", F(null))]);
        var (root, deps) = ComponentWitPrinter.PrintParts(type);
        Assert.Equal("""
            package root:component;

            world root {
              import wasi:io/error@0.2.0;
              import wasi:io/streams@0.2.0;
              import host: interface {
                use wasi:io/streams@0.2.0.{output-stream as out};
                get-stdout: func() -> out;
              }

              export run: func();
            }

            """.ReplaceLineEndings("\n"), root);
        Assert.Equal("""
            package wasi:io@0.2.0 {
              interface error {
                resource error {
                  to-debug-string: func() -> string;
                }
              }

              interface streams {
                use error.{error};
                variant stream-error {
                  last-operation-failed(error),
                  closed,
                }
                resource output-stream {
                  write: func(contents: list<u8>) -> result<_, stream-error>;
                  open: static func() -> output-stream;
                  constructor(fd: u32);
                }
              }
            }

            """.ReplaceLineEndings("\n"), deps);
        // The whole text is WIT our parser resolves.
        Assert.Contains("\"name\": \"streams\"", WitJson.Of(root + "\n" + deps));
    }

    [Fact]
    public void AliasesAndKeywords()
    {
        var list = new ListType(WitType.U8);
        var e = new EnumType(["type", "ok"]);
        var type = new ComponentType([], [
            E("test:kw/interface", new InstanceType([
                E("bytes", new TypeExternType(list)),
                E("blob", new TypeExternType(list)),
                E("record", new TypeExternType(e)),
                E("size", new TypeExternType(WitType.U32)),
                E("func", F(e, ("list", list), ("async", new TupleType([WitType.Char, new ResultType(WitType.U8, null)])))),
            ])),
        ]);
        var (root, deps) = ComponentWitPrinter.PrintParts(type);
        Assert.Contains("export test:kw/%interface;", root);
        Assert.Equal("""
            package test:kw {
              interface %interface {
                type bytes = list<u8>;
                type blob = bytes;
                enum %record {
                  %type,
                  ok,
                }
                type size = u32;
                %func: func(%list: bytes, %async: tuple<char, result<u8>>) -> %record;
              }
            }

            """.ReplaceLineEndings("\n"), deps);
        WitJson.Of(root + "\n" + deps);
    }

    [Fact]
    public void WorldTypesAndResourceFunctions()
    {
        var r = new ResourceType("r");
        var person = new RecordType([new("name", WitType.String)]);
        var type = new ComponentType(
            [
                E("test:t/types", new InstanceType([E("person", new TypeExternType(person))])),
                E("who", new TypeExternType(person)),
                E("r", new TypeExternType(r)),
                E("[constructor]r", F(new HandleType(r, true))),
                E("[method]r.get", F(new OptionType(person), ("self", new HandleType(r, false)))),
                E("greet", F(WitType.String, ("p", person), ("r", new HandleType(r, false)))),
            ],
            [E("start", F(null, ("w", person)))]);
        var (root, deps) = ComponentWitPrinter.PrintParts(type);
        Assert.Equal("""
            package root:component;

            world root {
              import test:t/types;
              use test:t/types.{person as who};
              resource r {
                constructor();
                get: func() -> option<who>;
              }
              import greet: func(p: who, r: borrow<r>) -> string;

              export start: func(w: who);
            }

            """.ReplaceLineEndings("\n"), root);
        WitJson.Of(root + "\n" + deps);
    }

    [Fact]
    public void ReexportedRecordIsUsedFromItsInterface()
    {
        // Each (eq ...) export gives the record a name of its own; WIT sees the one record of interface `a`.
        var component = Component.FromText(new Engine(), """
            (component
              (type (instance
                (type (record (field "x" u32)))
                (export "point" (type (eq 0)))))
              (import "t:p/a" (instance $a (type 0)))
              (alias export $a "point" (type $point))
              (type (instance
                (alias outer 1 $point (type))
                (export "point" (type (eq 0)))
                (type (func (param "p" 1)))
                (export "f" (func (type 2)))))
              (import "t:p/b" (instance (type 2))))
            """);
        var (_, deps) = ComponentWitPrinter.PrintParts(component.Type);
        Assert.Equal("""
            package t:p {
              interface a {
                record point {
                  x: u32,
                }
              }

              interface b {
                use a.{point};
                f: func(p: point);
              }
            }

            """.ReplaceLineEndings("\n"), deps);
    }
}
