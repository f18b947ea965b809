using Wasm.Components.WitPrinting;

namespace Wasm.Components.Tests.WitPrinting;

/// <summary>
/// WIT in the shape <c>jco wit</c> prints (package <c>root:component</c>, world <c>root</c>, dependencies as nested
/// packages) → resolve → the component type such a component has → <see cref="ComponentWitPrinter"/> → resolve:
/// the two resolves must serialize to the same JSON.
/// </summary>
public class WitRoundTripTests
{
    private static void RoundTrip(string wit)
    {
        var (resolve, world) = WitJson.RootWorld(wit);
        var type = WitToComponentType.FromWorld(resolve, world);
        string printed = ComponentWitPrinter.Print(type);
        Assert.Equal(WitJson.Of(wit), WitJson.Of(printed));
    }

    [Fact]
    public void JsonComparisonSeesDifferences()
    {
        const string a = "package root:component;\n\nworld root {\n  export f: func(a: u8);\n}\n";
        Assert.Equal(WitJson.Of(a), WitJson.Of(a.Replace("  ", "    ")));
        Assert.NotEqual(WitJson.Of(a), WitJson.Of(a.Replace("a: u8", "b: u8")));
        Assert.NotEqual(WitJson.Of(a), WitJson.Of(a.Replace("a: u8", "a: s8")));
        Assert.NotEqual(WitJson.Of(a), WitJson.Of(a.Replace("export", "import")));
    }

    [Fact]
    public void FunctionsOnly() => RoundTrip("""
        package root:component;

        world root {
          import log: func(msg: string);
          import now: func() -> u64;

          export run: func(args: list<string>) -> result<_, string>;
          export %type: func(a: tuple<u8, s16, option<f32>>, b: list<list<char>>) -> result<bool>;
        }
        """);

    [Fact]
    public void ForeignInterfacesWithTypesAndUse() => RoundTrip("""
        package root:component;

        world root {
          import wasi:io/error@0.2.0;
          import wasi:io/streams@0.2.0;
          import test:app/types;

          export test:app/api;
        }

        package wasi:io@0.2.0 {
          interface error {
            resource error {
              to-debug-string: func() -> string;
            }
          }

          interface streams {
            use error.{error};

            resource input-stream {
              read: func(len: u64) -> result<list<u8>, stream-error>;
            }

            variant stream-error {
              last-operation-failed(error),
              closed,
            }
          }
        }

        package test:app {
          interface types {
            use wasi:io/streams@0.2.0.{input-stream, stream-error as io-error};

            record point {
              x: s32,
              y: s32,
            }

            enum color {
              red,
              green,
            }

            flags perms {
              read,
              write,
            }

            type points = list<point>;

            type pt = point;

            consume: func(s: input-stream) -> result<_, io-error>;
          }

          interface api {
            use types.{point, color, perms};

            draw: func(p: point, c: color, %flags: perms) -> option<point>;
          }
        }
        """);

    [Fact]
    public void ResourcesInInlineInterfaces() => RoundTrip("""
        package root:component;

        world root {
          import imports: interface {
            resource y {
              constructor(a: s32);
              get-a: func() -> s32;
              set-a: func(a: s32);
              add: static func(y: y, a: s32) -> y;
            }
          }

          export exports: interface {
            resource x {
              constructor(a: s32);
              get-a: func() -> s32;
              add: static func(x: x, a: s32) -> x;
            }

            resource kebab-case {
              constructor(a: u32);
              take-owned: static func(k: kebab-case) -> u32;
            }

            add: func(a: borrow<x>, b: borrow<x>) -> x;

            consume: func(x: x);
          }
        }
        """);

    [Fact]
    public void InlineInterfacesUseForeignTypes() => RoundTrip("""
        package root:component;

        world root {
          import wasi:io/streams@0.2.0;
          import host: interface {
            use wasi:io/streams@0.2.0.{output-stream};

            get-stdout: func() -> output-stream;
          }

          export run: func();
        }

        package wasi:io@0.2.0 {
          interface streams {
            resource output-stream {
              write: func(contents: list<u8>);
              blocking-flush: func();
            }
          }
        }
        """);

    [Fact]
    public void WorldLevelTypes() => RoundTrip("""
        package root:component;

        world root {
          import test:types/t;
          use test:types/t.{person};

          record config {
            name: string,
            verbose: bool,
          }

          import greet: func(p: person, c: config) -> string;

          export start: func(c: config);
        }

        package test:types {
          interface t {
            record person {
              name: string,
              age: u32,
            }
          }
        }
        """);

    [Fact]
    public void VersionsOfTheSamePackage() => RoundTrip("""
        package root:component;

        world root {
          import wasi:io/poll@0.2.0;
          import wasi:io/poll@0.2.1;

          export test: func();
        }

        package wasi:io@0.2.0 {
          interface poll {
            resource pollable {
              ready: func() -> bool;
            }

            poll: func(in: list<borrow<pollable>>) -> list<u32>;
          }
        }

        package wasi:io@0.2.1 {
          interface poll {
            resource pollable {
              ready: func() -> bool;
            }

            poll: func(in: list<borrow<pollable>>) -> list<u32>;
          }
        }
        """);

    [Fact]
    public void SameInterfaceImportedAndExported() => RoundTrip("""
        package root:component;

        world root {
          import test:flavorful/test;

          export test-imports: func();
          export test:flavorful/test;
        }

        package test:flavorful {
          interface test {
            record list-in-record1 {
              a: string,
            }

            variant list-in-variant1-v1 {
              a(list<list-in-record1>),
              b,
            }

            list-in-record: func(a: list-in-record1);
            list-in-variant1: func(a: option<string>, b: result<_, string>, c: list-in-variant1-v1);
          }
        }
        """);

    [Fact]
    public void KeywordNamesAreEscaped() => RoundTrip("""
        package root:component;

        world root {
          export %interface: interface {
            record %record {
              %type: u8,
              %list: list<u8>,
            }

            enum %enum {
              %variant,
              %result,
            }

            %func: func(%resource: %record) -> %enum;
          }
        }
        """);

    [Fact]
    public void AsyncFunctions() => RoundTrip("""
        package root:component;

        world root {
          import host: interface {
            resource conn {
              recv: async func() -> list<u8>;
              open: static async func(addr: string) -> conn;
            }

            sleep: async func(ms: u32);
          }

          export run: async func() -> string;
        }
        """);
}
