@testable import GateCode
import XCTest

/// Every token, block and bracket partner the lexer produces for realistic code of each language it handles,
/// including the edges (end of file without a newline, unterminated strings and comments, nested template
/// literals): a change to how tokens are laid out or emitted must keep each of them, in place.
final class LexerSnapshotTests: XCTestCase {
    /// One line per token (`kind text @line:column block`, `^` when first on its line, `~partner` for brackets),
    /// then one per block (`kind opener parent open..end lines name`).
    private func dump(_ text: String, _ language: SourceLanguage) -> String {
        let lexed = Lexer.lex(Array(text.utf8), language: language)
        XCTAssertEqual(lexed.partner.count, lexed.tokens.count)
        // The keywords noted while lexing are exactly the identifiers spelled so.
        XCTAssertEqual(lexed.keywordTokens, lexed.tokens.indices.filter { index in
            lexed.tokens[index].kind == .identifier && ["import", "export", "require", "constructor", "__init__", "initialize"].contains(lexed.text(index))
        })
        var lines: [String] = []
        for (index, token) in lexed.tokens.enumerated() {
            let kind = switch token.kind {
            case .identifier: "i"
            case .number: "n"
            case .string: "s"
            case .punctuation: "p"
            }
            // Line breaks inside strings shown as ⏎, so each token stays on one line of the snapshot.
            let text = lexed.text(index).replacingOccurrences(of: "\n", with: "⏎")
            var line = "\(kind) \(text) @\(token.line):\(token.column) b\(token.block)"
            if token.firstOnLine { line += " ^" }
            if lexed.partner[index] >= 0 { line += " ~\(lexed.partner[index])" }
            lines.append(line)
        }
        for block in lexed.blocks {
            let name = block.nameRange.map { " " + lexed.text($0) } ?? ""
            lines.append(
                "\(block.kind) \(block.opener) \(block.parent) \(block.headerStart)/\(block.openToken)..\(block.endToken)"
                    + " L\(block.startLine)-\(block.endLine)\(name)")
        }
        return lines.joined(separator: "\n")
    }

    private func check(_ text: String, _ language: SourceLanguage, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let actual = dump(text, language)
        if actual != expected { print("ACTUAL \(language):\n\(actual)\nEND") }
        XCTAssertEqual(actual, expected, file: file, line: line)
    }

    func testTypeScript() {
        check(#"""
import { complete } from "@/lib/ai";
export async function POST(req: Request) {
  const items = await req.json();
  const out = await Promise.all(items.map((x) => complete(`item ${x.id} of ${`nested ${x.n}`}`)));
  if (out.length / 2 > 1) return /a\/b[/]/g.test(out[0]);
  return new Response(JSON.stringify({ out }), { status: 200 });
}
const handler = async (q) => { for (const k of q) { await send(k) } };
/* unterminated comment at the end
"""#, .typescript, #"""
            i import @1:1 b-1 ^
            p { @1:8 b-1 ~3
            i complete @1:10 b0
            p } @1:19 b-1 ~1
            i from @1:21 b-1
            s @/lib/ai @1:26 b-1
            p ; @1:36 b-1
            i export @2:1 b-1 ^
            i async @2:8 b-1
            i function @2:14 b-1
            i POST @2:23 b-1
            p ( @2:27 b-1 ~15
            i req @2:28 b1
            p : @2:31 b1
            i Request @2:33 b1
            p ) @2:40 b-1 ~11
            p { @2:42 b-1 ~98
            i const @3:3 b2 ^
            i items @3:9 b2
            p = @3:15 b2
            i await @3:17 b2
            i req @3:23 b2
            p . @3:26 b2
            i json @3:27 b2
            p ( @3:31 b2 ~25
            p ) @3:32 b2 ~24
            p ; @3:33 b2
            i const @4:3 b2 ^
            i out @4:9 b2
            p = @4:13 b2
            i await @4:15 b2
            i Promise @4:21 b2
            p . @4:28 b2
            i all @4:29 b2
            p ( @4:32 b2 ~55
            i items @4:33 b4
            p . @4:38 b4
            i map @4:39 b4
            p ( @4:42 b4 ~54
            p ( @4:43 b5 ~41
            i x @4:44 b6
            p ) @4:45 b5 ~39
            p => @4:47 b5
            i complete @4:50 b5
            p ( @4:58 b5 ~53
            s item ${x.id} of ${`nested ${x.n}`} @4:59 b7
            i x @4:67 b7
            p . @4:68 b7
            i id @4:69 b7
            s nested ${x.n} @4:78 b7
            i x @4:88 b7
            p . @4:89 b7
            i n @4:90 b7
            p ) @4:95 b5 ~44
            p ) @4:96 b4 ~38
            p ) @4:97 b2 ~34
            p ; @4:98 b2
            i if @5:3 b2 ^
            p ( @5:6 b2 ~66
            i out @5:7 b8
            p . @5:10 b8
            i length @5:11 b8
            p / @5:18 b8
            n 2 @5:20 b8
            p > @5:22 b8
            n 1 @5:24 b8
            p ) @5:25 b2 ~58
            i return @5:27 b2
            s a\/b[/] @5:34 b2
            p . @5:44 b2
            i test @5:45 b2
            p ( @5:49 b2 ~76
            i out @5:50 b9
            p [ @5:53 b9 ~75
            n 0 @5:54 b10
            p ] @5:55 b9 ~73
            p ) @5:56 b2 ~71
            p ; @5:57 b2
            i return @6:3 b2 ^
            i new @6:10 b2
            i Response @6:14 b2
            p ( @6:22 b2 ~96
            i JSON @6:23 b11
            p . @6:27 b11
            i stringify @6:28 b11
            p ( @6:37 b11 ~89
            p { @6:38 b12 ~88
            i out @6:40 b13
            p } @6:44 b12 ~86
            p ) @6:45 b11 ~85
            p , @6:46 b11
            p { @6:48 b11 ~95
            i status @6:50 b14
            p : @6:56 b14
            n 200 @6:58 b14
            p } @6:62 b11 ~91
            p ) @6:63 b2 ~81
            p ; @6:64 b2
            p } @7:1 b-1 ^ ~16
            i const @8:1 b-1 ^
            i handler @8:7 b-1
            p = @8:15 b-1
            i async @8:17 b-1
            p ( @8:23 b-1 ~105
            i q @8:24 b15
            p ) @8:25 b-1 ~103
            p => @8:27 b-1
            p { @8:30 b-1 ~122
            i for @8:32 b16
            p ( @8:36 b16 ~114
            i const @8:37 b17
            i k @8:43 b17
            i of @8:45 b17
            i q @8:48 b17
            p ) @8:49 b16 ~109
            p { @8:51 b16 ~121
            i await @8:53 b18
            i send @8:59 b18
            p ( @8:63 b18 ~120
            i k @8:64 b19
            p ) @8:65 b18 ~118
            p } @8:67 b16 ~115
            p } @8:69 b-1 ~107
            p ; @8:70 b-1
            other brace -1 0/1..3 L1-1
            other paren -1 11/11..15 L2-2
            function brace -1 7/16..98 L2-7 POST
            other paren 2 24/24..25 L3-3
            loop paren 2 34/34..55 L4-4
            loop paren 4 38/38..54 L4-4
            other paren 5 39/39..41 L4-4
            other paren 5 44/44..53 L4-4
            other paren 2 58/58..66 L5-5
            other paren 2 71/71..76 L5-5
            other bracket 9 73/73..75 L5-5
            other paren 2 81/81..96 L6-6
            other paren 11 85/85..89 L6-6
            other brace 12 86/86..88 L6-6
            other brace 11 91/91..95 L6-6
            other paren -1 103/103..105 L8-8
            function brace -1 99/107..122 L8-8 handler
            other paren 16 109/109..114 L8-8
            loop brace 16 108/115..121 L8-8
            other paren 18 118/118..120 L8-8
            """#)
    }

    func testJavaScript() {
        check(#"""
const { a, b: c } = require('./x');
module.exports = function run($el, _y) { return $el?.call(a, 0x1F, 1.5e3) => 2 };
label: while (true) { break label }
let s = 'unterminated
let t = `multi
line ${ {a: 1}.a } end`;
x = y / z / w
"""#, .javascript, #"""
            i const @1:1 b-1 ^
            p { @1:7 b-1 ~7
            i a @1:9 b0
            p , @1:10 b0
            i b @1:12 b0
            p : @1:13 b0
            i c @1:15 b0
            p } @1:17 b-1 ~1
            p = @1:19 b-1
            i require @1:21 b-1
            p ( @1:28 b-1 ~12
            s ./x @1:29 b1
            p ) @1:34 b-1 ~10
            p ; @1:35 b-1
            i module @2:1 b-1 ^
            p . @2:7 b-1
            i exports @2:8 b-1
            p = @2:16 b-1
            i function @2:18 b-1
            i run @2:27 b-1
            p ( @2:30 b-1 ~24
            i $el @2:31 b2
            p , @2:34 b2
            i _y @2:36 b2
            p ) @2:38 b-1 ~20
            p { @2:40 b-1 ~39
            i return @2:42 b3
            i $el @2:49 b3
            p ?. @2:52 b3
            i call @2:54 b3
            p ( @2:58 b3 ~36
            i a @2:59 b4
            p , @2:60 b4
            n 0x1F @2:62 b4
            p , @2:66 b4
            n 1.5e3 @2:68 b4
            p ) @2:73 b3 ~30
            p => @2:75 b3
            n 2 @2:78 b3
            p } @2:80 b-1 ~25
            p ; @2:81 b-1
            i label @3:1 b-1 ^
            p : @3:6 b-1
            i while @3:8 b-1
            p ( @3:14 b-1 ~46
            i true @3:15 b5
            p ) @3:19 b-1 ~44
            p { @3:21 b-1 ~50
            i break @3:23 b6
            i label @3:29 b6
            p } @3:35 b-1 ~47
            i let @4:1 b-1 ^
            i s @4:5 b-1
            p = @4:7 b-1
            s unterminated @4:9 b-1
            i let @5:1 b-1 ^
            i t @5:5 b-1
            p = @5:7 b-1
            s multi⏎line ${ {a: 1}.a } end @5:9 b-1
            p { @6:9 b-1 ~63
            i a @6:10 b7
            p : @6:11 b7
            n 1 @6:13 b7
            p } @6:14 b-1 ~59
            p . @6:15 b-1
            i a @6:16 b-1
            p ; @6:24 b-1 ^
            i x @7:1 b-1 ^
            p = @7:3 b-1
            i y @7:5 b-1
            p / @7:7 b-1
            i z @7:9 b-1
            p / @7:11 b-1
            i w @7:13 b-1
            other brace -1 0/1..7 L1-1
            other paren -1 10/10..12 L1-1
            other paren -1 20/20..24 L2-2
            function brace -1 14/25..39 L2-2 run
            other paren 3 30/30..36 L2-2
            other paren -1 44/44..46 L3-3
            loop brace -1 41/47..50 L3-3
            other brace -1 55/59..63 L6-6
            """#)
    }

    func testPython() {
        check(#"""
from app.services import llm as l
import os, sys

@decorator(arg=1)
async def summarize(text, *, max=3):
    """Doc "string" with 'quotes'."""
    for chunk in [c for c in text.split() if c]:
        yield await l.complete(f"{chunk!r}", rb'\d')
    while True:
        try:
            return x \
                + 1
        except Exception:
            continue

class Summarizer(Base):
    def run(self): return self.summarize(
        "a",
        'b')
x = 'unterminated
"""#, .python, #"""
            i from @1:1 b-1 ^
            i app @1:6 b-1
            p . @1:9 b-1
            i services @1:10 b-1
            i import @1:19 b-1
            i llm @1:26 b-1
            i as @1:30 b-1
            i l @1:33 b-1
            i import @2:1 b-1 ^
            i os @2:8 b-1
            p , @2:10 b-1
            i sys @2:12 b-1
            p @ @4:1 b-1 ^
            i decorator @4:2 b-1
            p ( @4:11 b-1 ~18
            i arg @4:12 b0
            p = @4:15 b0
            n 1 @4:16 b0
            p ) @4:17 b-1 ~14
            i async @5:1 b1 ^
            i def @5:7 b1
            i summarize @5:11 b1
            p ( @5:20 b1 ~30
            i text @5:21 b2
            p , @5:25 b2
            p * @5:27 b2
            p , @5:28 b2
            i max @5:30 b2
            p = @5:33 b2
            n 3 @5:34 b2
            p ) @5:35 b1 ~22
            p : @5:36 b1
            s Doc "string" with 'quotes'. @6:5 b1 ^
            i for @7:5 b3 ^
            i chunk @7:9 b3
            i in @7:15 b3
            p [ @7:18 b1 ~48
            i c @7:19 b4
            i for @7:21 b4
            i c @7:25 b4
            i in @7:27 b4
            i text @7:30 b1
            p . @7:34 b1
            i split @7:35 b1
            p ( @7:40 b1 ~45
            p ) @7:41 b1 ~44
            i if @7:43 b4
            i c @7:46 b4
            p ] @7:47 b1 ~36
            p : @7:48 b3
            i yield @8:9 b3 ^
            i await @8:15 b3
            i l @8:21 b3
            p . @8:22 b3
            i complete @8:23 b3
            p ( @8:31 b3 ~62
            s {chunk!r} @8:32 b6
            i chunk @8:35 b6
            p ! @8:40 b6
            i r @8:41 b6
            p , @8:44 b6
            s \d @8:46 b6
            p ) @8:52 b3 ~55
            i while @9:5 b7 ^
            i True @9:11 b7
            p : @9:15 b7
            i try @10:9 b8 ^
            p : @10:12 b8
            i return @11:13 b8 ^
            i x @11:20 b8
            p \ @11:22 b8
            p + @12:17 b8 ^
            n 1 @12:19 b8
            i except @13:9 b9 ^
            i Exception @13:16 b9
            p : @13:25 b9
            i continue @14:13 b9 ^
            i class @16:1 b10 ^
            i Summarizer @16:7 b10
            p ( @16:17 b10 ~81
            i Base @16:18 b11
            p ) @16:22 b10 ~79
            p : @16:23 b10
            i def @17:5 b12 ^
            i run @17:9 b12
            p ( @17:12 b12 ~87
            i self @17:13 b13
            p ) @17:17 b12 ~85
            p : @17:18 b12
            i return @17:20 b12
            i self @17:27 b12
            p . @17:31 b12
            i summarize @17:32 b12
            p ( @17:41 b12 ~97
            s a @18:9 b14 ^
            p , @18:12 b14
            s b @19:9 b14 ^
            p ) @19:12 b12 ~93
            i x @20:1 b-1 ^
            p = @20:3 b-1
            s unterminated @20:5 b-1
            other paren -1 14/14..18 L4-4
            function indentation -1 12/20..76 L4-14 summarize
            other paren 1 22/22..30 L5-5
            loop indentation 1 33/33..62 L7-8
            loop bracket 1 36/36..48 L7-7
            other paren 1 44/44..45 L7-7
            other paren 3 55/55..62 L8-8
            loop indentation 1 63/63..76 L9-14
            other indentation 7 66/66..72 L10-12
            other indentation 7 73/73..76 L13-14
            container indentation -1 77/77..97 L16-19
            other paren 10 79/79..81 L16-16
            function indentation 10 83/83..97 L17-19 run
            other paren 12 85/85..87 L17-17
            other paren 12 93/93..97 L17-19
            """#)
    }

    func testRuby() {
        check(#"""
class Admin::ReportsController < ApplicationController
  include Authentication
  def summarize!(id)
    items.each do |item|
      LlmJob.perform_later(item.id) if item.ready?
    end
    text = <<~EOS
      heredoc #{id} body
    EOS
    x = %w[a b] + %i(c d)
    y = x.end
    while busy? do sleep 1 end
    "interp #{ { a: 1 }[:a] } done"
  end
end
=begin
block comment
=end
def tail = 'unterminated
"""#, .ruby, #"""
            i class @1:1 b0 ^
            i Admin @1:7 b0
            p :: @1:12 b0
            i ReportsController @1:14 b0
            p < @1:32 b0
            i ApplicationController @1:34 b0
            i include @2:3 b0 ^
            i Authentication @2:11 b0
            i def @3:3 b1 ^
            i summarize! @3:7 b1
            p ( @3:17 b1 ~12
            i id @3:18 b2
            p ) @3:20 b1 ~10
            i items @4:5 b1 ^
            p . @4:10 b1
            i each @4:11 b1
            i do @4:16 b3
            p | @4:19 b3
            i item @4:20 b3
            p | @4:24 b3
            i LlmJob @5:7 b3 ^
            p . @5:13 b3
            i perform_later @5:14 b3
            p ( @5:27 b3 ~27
            i item @5:28 b4
            p . @5:32 b4
            i id @5:33 b4
            p ) @5:35 b3 ~23
            i if @5:37 b3
            i item @5:40 b3
            p . @5:44 b3
            i ready? @5:45 b3
            i end @6:5 b1 ^
            i text @7:5 b1 ^
            p = @7:10 b1
            s       heredoc #{id} body⏎ @8:12 b1 ^
            i id @8:17 b1
            i x @10:5 b1 ^
            p = @10:7 b1
            s a b @10:9 b1
            p + @10:17 b1
            s c d @10:19 b1
            i y @11:5 b1 ^
            p = @11:7 b1
            i x @11:9 b1
            p . @11:10 b1
            i end @11:11 b1
            i while @12:5 b5 ^
            i busy? @12:11 b5
            i do @12:17 b5
            i sleep @12:20 b5
            n 1 @12:26 b5
            i end @12:28 b1
            s interp #{ { a: 1 }[:a] } done @13:5 b1 ^
            p { @13:16 b1 ~58
            i a @13:18 b6
            p : @13:19 b6
            n 1 @13:21 b6
            p } @13:23 b1 ~54
            p [ @13:24 b1 ~62
            p : @13:25 b7
            i a @13:26 b7
            p ] @13:27 b1 ~59
            i end @14:3 b0 ^
            i end @15:1 b-1 ^
            i def @19:1 b8 ^
            i tail @19:5 b8
            p = @19:10 b8
            s unterminated @19:12 b8
            container keyword -1 0/0..64 L1-15
            function keyword 0 8/8..63 L3-14 summarize!
            other paren 1 10/10..12 L3-3
            loop keyword 1 13/16..32 L4-6
            other paren 3 23/23..27 L5-5
            loop keyword 1 47/47..52 L12-12
            other brace 1 54/54..58 L13-13
            other bracket 1 59/59..62 L13-13
            function keyword -1 65/65..68 L19-19 tail
            """#)
    }

    func testGo() {
        check(#"""
package llm

import (
	"context"
	ai "github.com/acme/ai"
)

func (s *Service) Complete(ctx context.Context, in []string) error {
	for _, x := range in {
		go func() { s.client.Send(ctx, `raw
string`, 'c', '\n') }()
	}
	return nil
}
// trailing comment without newline
"""#, .go, #"""
            i package @1:1 b-1 ^
            i llm @1:9 b-1
            i import @3:1 b-1 ^
            p ( @3:8 b-1 ~7
            s context @4:2 b0 ^
            i ai @5:2 b0 ^
            s github.com/acme/ai @5:5 b0
            p ) @6:1 b-1 ^ ~3
            i func @8:1 b-1 ^
            p ( @8:6 b-1 ~13
            i s @8:7 b1
            p * @8:9 b1
            i Service @8:10 b1
            p ) @8:17 b-1 ~9
            i Complete @8:19 b-1
            p ( @8:27 b-1 ~25
            i ctx @8:28 b2
            i context @8:32 b2
            p . @8:39 b2
            i Context @8:40 b2
            p , @8:47 b2
            i in @8:49 b2
            p [ @8:52 b2 ~23
            p ] @8:53 b2 ~22
            i string @8:54 b2
            p ) @8:60 b-1 ~15
            i error @8:62 b-1
            p { @8:68 b-1 ~62
            i for @9:2 b4 ^
            i _ @9:6 b4
            p , @9:7 b4
            i x @9:9 b4
            p : @9:11 b4
            p = @9:12 b4
            i range @9:14 b4
            i in @9:20 b4
            p { @9:23 b4 ~59
            i go @10:3 b5 ^
            i func @10:6 b5
            p ( @10:10 b5 ~40
            p ) @10:11 b5 ~39
            p { @10:13 b5 ~56
            i s @10:15 b7
            p . @10:16 b7
            i client @10:17 b7
            p . @10:23 b7
            i Send @10:24 b7
            p ( @10:28 b7 ~55
            i ctx @10:29 b8
            p , @10:32 b8
            s raw⏎string @10:34 b8
            p , @11:8 b8 ^
            s c @11:10 b8
            p , @11:13 b8
            s \n @11:15 b8
            p ) @11:19 b7 ~47
            p } @11:21 b5 ~41
            p ( @11:22 b5 ~58
            p ) @11:23 b5 ~57
            p } @12:2 b4 ^ ~36
            i return @13:2 b4 ^
            i nil @13:9 b4
            p } @14:1 b-1 ^ ~27
            other paren -1 3/3..7 L3-6
            other paren -1 9/9..13 L8-8
            other paren -1 15/15..25 L8-8
            other bracket 2 22/22..23 L8-8
            function brace -1 8/27..62 L8-14 Complete
            loop brace 4 28/36..59 L9-12
            other paren 5 39/39..40 L10-10
            function brace 5 37/41..56 L10-11
            other paren 7 47/47..55 L10-11
            other paren 5 57/57..58 L11-11
            """#)
    }

    func testJava() {
        check(#"""
package com.acme;
import com.acme.llm.LlmService;

@Service
public class Summarizer extends Base implements Runner {
    private final LlmService llm;
    @PostMapping("/x")
    public String run(List<String> items) {
        items.forEach(i -> { llm.complete(i, 'c'); });
        var text = """
            block "text"
            """;
        return text;
    }
}
"""#, .java, #"""
            i package @1:1 b-1 ^
            i com @1:9 b-1
            p . @1:12 b-1
            i acme @1:13 b-1
            p ; @1:17 b-1
            i import @2:1 b-1 ^
            i com @2:8 b-1
            p . @2:11 b-1
            i acme @2:12 b-1
            p . @2:16 b-1
            i llm @2:17 b-1
            p . @2:20 b-1
            i LlmService @2:21 b-1
            p ; @2:31 b-1
            p @ @4:1 b-1 ^
            i Service @4:2 b-1
            i public @5:1 b-1 ^
            i class @5:8 b-1
            i Summarizer @5:14 b-1
            i extends @5:25 b-1
            i Base @5:33 b-1
            i implements @5:38 b-1
            i Runner @5:49 b-1
            p { @5:56 b-1 ~73
            i private @6:5 b0 ^
            i final @6:13 b0
            i LlmService @6:19 b0
            i llm @6:30 b0
            p ; @6:33 b0
            p @ @7:5 b0 ^
            i PostMapping @7:6 b0
            p ( @7:17 b0 ~33
            s /x @7:18 b1
            p ) @7:22 b0 ~31
            i public @8:5 b0 ^
            i String @8:12 b0
            i run @8:19 b0
            p ( @8:22 b0 ~43
            i List @8:23 b2
            p < @8:27 b2
            i String @8:28 b2
            p > @8:34 b2
            i items @8:36 b2
            p ) @8:41 b0 ~37
            p { @8:43 b0 ~72
            i items @9:9 b3 ^
            p . @9:14 b3
            i forEach @9:15 b3
            p ( @9:22 b3 ~62
            i i @9:23 b4
            p -> @9:25 b4
            p { @9:28 b4 ~61
            i llm @9:30 b5
            p . @9:33 b5
            i complete @9:34 b5
            p ( @9:42 b5 ~59
            i i @9:43 b6
            p , @9:44 b6
            s c @9:46 b6
            p ) @9:49 b5 ~55
            p ; @9:50 b5
            p } @9:52 b4 ~51
            p ) @9:53 b3 ~48
            p ; @9:54 b3
            i var @10:9 b3 ^
            i text @10:13 b3
            p = @10:18 b3
            s ⏎            block "text"⏎             @10:20 b3
            p ; @12:16 b3 ^
            i return @13:9 b3 ^
            i text @13:16 b3
            p ; @13:20 b3
            p } @14:5 b0 ^ ~44
            p } @15:1 b-1 ^ ~23
            container brace -1 14/23..73 L5-15
            other paren 0 31/31..33 L7-7
            other paren 0 37/37..43 L8-8
            function brace 0 29/44..72 L8-14 run
            loop paren 3 48/48..62 L9-9
            function brace 4 49/51..61 L9-9
            other paren 5 55/55..59 L9-9
            """#)
    }

    func testKotlin() {
        check(#"""
package app
import app.llm.Client

class Summarizer(private val client: Client) {
    fun run(xs: List<String>) = xs.chunked(5).forEach { batch ->
        client.complete("${batch.size} items", '\u0041')
    }
    val raw = """raw $x ${y}"""
}
"""#, .kotlin, #"""
            i package @1:1 b-1 ^
            i app @1:9 b-1
            i import @2:1 b-1 ^
            i app @2:8 b-1
            p . @2:11 b-1
            i llm @2:12 b-1
            p . @2:15 b-1
            i Client @2:16 b-1
            i class @4:1 b-1 ^
            i Summarizer @4:7 b-1
            p ( @4:17 b-1 ~16
            i private @4:18 b0
            i val @4:26 b0
            i client @4:30 b0
            p : @4:36 b0
            i Client @4:38 b0
            p ) @4:44 b-1 ~10
            p { @4:46 b-1 ~57
            i fun @5:5 b1 ^
            i run @5:9 b1
            p ( @5:12 b1 ~27
            i xs @5:13 b2
            p : @5:15 b2
            i List @5:17 b2
            p < @5:21 b2
            i String @5:22 b2
            p > @5:28 b2
            p ) @5:29 b1 ~20
            p = @5:31 b1
            i xs @5:33 b1
            p . @5:35 b1
            i chunked @5:36 b1
            p ( @5:43 b1 ~34
            n 5 @5:44 b3
            p ) @5:45 b1 ~32
            p . @5:46 b1
            i forEach @5:47 b1
            p { @5:55 b1 ~51
            i batch @5:57 b4
            p -> @5:63 b4
            i client @6:9 b4 ^
            p . @6:15 b4
            i complete @6:16 b4
            p ( @6:24 b4 ~50
            s ${batch.size} items @6:25 b5
            i batch @6:28 b5
            p . @6:33 b5
            i size @6:34 b5
            p , @6:46 b5
            s \u0041 @6:48 b5
            p ) @6:56 b4 ~43
            p } @7:5 b1 ^ ~37
            i val @8:5 b1 ^
            i raw @8:9 b1
            p = @8:13 b1
            s raw $x ${y} @8:15 b1
            i y @8:27 b1
            p } @9:1 b-1 ^ ~17
            other paren -1 10/10..16 L4-4
            container brace -1 8/17..57 L4-9
            other paren 1 20/20..27 L5-5
            other paren 1 32/32..34 L5-5
            loop brace 1 18/37..51 L5-7
            other paren 4 43/43..50 L6-6
            """#)
    }

    func testCSharp() {
        check(#"""
using Acme.Llm;
namespace Acme {
    public class Summarizer : ILlmService {
        [HttpPost("run")]
        public async Task<string> Run(string[] items) {
            await Task.WhenAll(items.Select(i => _llm.Complete(i)));
            var path = @"C:\dir\""quoted""";
            var interp = $"{items.Length} items";
            foreach (var i in items) { lock (this) { } }
            return 'c'.ToString();
        }
    }
}
"""#, .csharp, #"""
            i using @1:1 b-1 ^
            i Acme @1:7 b-1
            p . @1:11 b-1
            i Llm @1:12 b-1
            p ; @1:15 b-1
            i namespace @2:1 b-1 ^
            i Acme @2:11 b-1
            p { @2:16 b-1 ~91
            i public @3:5 b0 ^
            i class @3:12 b0
            i Summarizer @3:18 b0
            p : @3:29 b0
            i ILlmService @3:31 b0
            p { @3:43 b0 ~90
            p [ @4:9 b1 ^ ~19
            i HttpPost @4:10 b2
            p ( @4:18 b2 ~18
            s run @4:19 b3
            p ) @4:24 b2 ~16
            p ] @4:25 b1 ~14
            i public @5:9 b1 ^
            i async @5:16 b1
            i Task @5:22 b1
            p < @5:26 b1
            i string @5:27 b1
            p > @5:33 b1
            i Run @5:35 b1
            p ( @5:38 b1 ~32
            i string @5:39 b4
            p [ @5:45 b4 ~30
            p ] @5:46 b4 ~29
            i items @5:48 b4
            p ) @5:53 b1 ~27
            p { @5:55 b1 ~89
            i await @6:13 b6 ^
            i Task @6:19 b6
            p . @6:23 b6
            i WhenAll @6:24 b6
            p ( @6:31 b6 ~52
            i items @6:32 b7
            p . @6:37 b7
            i Select @6:38 b7
            p ( @6:44 b7 ~51
            i i @6:45 b8
            p => @6:47 b8
            i _llm @6:50 b8
            p . @6:54 b8
            i Complete @6:55 b8
            p ( @6:63 b8 ~50
            i i @6:64 b9
            p ) @6:65 b8 ~48
            p ) @6:66 b7 ~42
            p ) @6:67 b6 ~38
            p ; @6:68 b6
            i var @7:13 b6 ^
            i path @7:17 b6
            p = @7:22 b6
            s C:\dir\""quoted"" @7:24 b6
            p ; @7:44 b6
            i var @8:13 b6 ^
            i interp @8:17 b6
            p = @8:24 b6
            s {items.Length} items @8:26 b6
            i items @8:29 b6
            p . @8:34 b6
            i Length @8:35 b6
            p ; @8:49 b6
            i foreach @9:13 b6 ^
            p ( @9:21 b6 ~73
            i var @9:22 b10
            i i @9:26 b10
            i in @9:28 b10
            i items @9:31 b10
            p ) @9:36 b6 ~68
            p { @9:38 b6 ~81
            i lock @9:40 b11
            p ( @9:45 b11 ~78
            i this @9:46 b12
            p ) @9:50 b11 ~76
            p { @9:52 b11 ~80
            p } @9:54 b11 ~79
            p } @9:56 b6 ~74
            i return @10:13 b6 ^
            s c @10:20 b6
            p . @10:23 b6
            i ToString @10:24 b6
            p ( @10:32 b6 ~87
            p ) @10:33 b6 ~86
            p ; @10:34 b6
            p } @11:9 b1 ^ ~33
            p } @12:5 b0 ^ ~13
            p } @13:1 b-1 ^ ~7
            container brace -1 5/7..91 L2-13
            container brace 0 8/13..90 L3-12
            other bracket 1 14/14..19 L4-4
            other paren 2 16/16..18 L4-4
            other paren 1 27/27..32 L5-5
            other bracket 4 29/29..30 L5-5
            function brace 1 14/33..89 L5-11 Run
            loop paren 6 38/38..52 L6-6
            loop paren 7 42/42..51 L6-6
            other paren 8 48/48..50 L6-6
            other paren 6 68/68..73 L9-9
            loop brace 6 67/74..81 L9-9
            other paren 11 76/76..78 L9-9
            other brace 11 75/79..80 L9-9
            other paren 6 86/86..87 L10-10
            """#)
    }

    func testPHP() {
        check(#"""
<?php
namespace App\Http;
use App\Services\Llm;

#[Route("/x")]
class Controller {
    public function run(Llm $llm, array $items) {
        # hash comment
        foreach ($items as $item) { $llm->complete("multi
line $item"); }
        return static::make(['a' => 1]);
    }
}
"""#, .php, #"""
            p < @1:1 b-1 ^
            p ? @1:2 b-1
            i php @1:3 b-1
            i namespace @2:1 b-1 ^
            i App @2:11 b-1
            p \ @2:14 b-1
            i Http @2:15 b-1
            p ; @2:19 b-1
            i use @3:1 b-1 ^
            i App @3:5 b-1
            p \ @3:8 b-1
            i Services @3:9 b-1
            p \ @3:17 b-1
            i Llm @3:18 b-1
            p ; @3:21 b-1
            p # @5:1 b-1 ^
            p [ @5:2 b-1 ~21
            i Route @5:3 b0
            p ( @5:8 b0 ~20
            s /x @5:9 b1
            p ) @5:13 b0 ~18
            p ] @5:14 b-1 ~16
            i class @6:1 b-1 ^
            i Controller @6:7 b-1
            p { @6:18 b-1 ~64
            i public @7:5 b2 ^
            i function @7:12 b2
            i run @7:21 b2
            p ( @7:24 b2 ~34
            i Llm @7:25 b3
            i $llm @7:29 b3
            p , @7:33 b3
            i array @7:35 b3
            i $items @7:41 b3
            p ) @7:47 b2 ~28
            p { @7:49 b2 ~63
            i foreach @9:9 b4 ^
            p ( @9:17 b4 ~41
            i $items @9:18 b5
            i as @9:25 b5
            i $item @9:28 b5
            p ) @9:33 b4 ~37
            p { @9:35 b4 ~50
            i $llm @9:37 b6
            p -> @9:41 b6
            i complete @9:43 b6
            p ( @9:51 b6 ~48
            s multi⏎line $item @9:52 b7
            p ) @10:12 b6 ^ ~46
            p ; @10:13 b6
            p } @10:15 b4 ~42
            i return @11:9 b4 ^
            i static @11:16 b4
            p :: @11:22 b4
            i make @11:24 b4
            p ( @11:28 b4 ~61
            p [ @11:29 b8 ~60
            s a @11:30 b9
            p => @11:34 b9
            n 1 @11:37 b9
            p ] @11:38 b8 ~56
            p ) @11:39 b4 ~55
            p ; @11:40 b4
            p } @12:5 b2 ^ ~35
            p } @13:1 b-1 ^ ~24
            other bracket -1 16/16..21 L5-5
            other paren 0 18/18..20 L5-5
            container brace -1 15/24..64 L6-13
            other paren 2 28/28..34 L7-7
            function brace 2 25/35..63 L7-12 run
            other paren 4 37/37..41 L9-9
            loop brace 4 36/42..50 L9-10
            other paren 6 46/46..48 L9-10
            other paren 4 55/55..61 L11-11
            other bracket 8 56/56..60 L11-11
            """#)
    }

    func testRust() {
        check(#"""
use crate::llm::{complete, Client};

impl<'a> Runner<'a> {
    pub async fn run(&self, items: &[String]) -> Result<(), Error> {
        let raw = r#"raw "quoted" text"#;
        let bytes = b"bytes"; let c = '\''; let lt: &'a str = "x";
        for item in items.iter() { self.client.complete(item).await?; }
        futures::future::join_all(items.par_iter().map(|x| go(x))).await;
        Ok(())
    }
}
/* nested? /* no */ tail
"""#, .rust, #"""
            i use @1:1 b-1 ^
            i crate @1:5 b-1
            p :: @1:10 b-1
            i llm @1:12 b-1
            p :: @1:15 b-1
            p { @1:17 b-1 ~9
            i complete @1:18 b0
            p , @1:26 b0
            i Client @1:28 b0
            p } @1:34 b-1 ~5
            p ; @1:35 b-1
            i impl @3:1 b-1 ^
            p < @3:5 b-1
            p ' @3:6 b-1
            i a @3:7 b-1
            p > @3:8 b-1
            i Runner @3:10 b-1
            p < @3:16 b-1
            p ' @3:17 b-1
            i a @3:18 b-1
            p > @3:19 b-1
            p { @3:21 b-1 ~126
            i pub @4:5 b1 ^
            i async @4:9 b1
            i fn @4:15 b1
            i run @4:18 b1
            p ( @4:21 b1 ~36
            p & @4:22 b2
            i self @4:23 b2
            p , @4:27 b2
            i items @4:29 b2
            p : @4:34 b2
            p & @4:36 b2
            p [ @4:37 b2 ~35
            i String @4:38 b3
            p ] @4:44 b2 ~33
            p ) @4:45 b1 ~26
            p -> @4:47 b1
            i Result @4:50 b1
            p < @4:56 b1
            p ( @4:57 b1 ~41
            p ) @4:58 b1 ~40
            p , @4:59 b1
            i Error @4:61 b1
            p > @4:66 b1
            p { @4:68 b1 ~125
            i let @5:9 b5 ^
            i raw @5:13 b5
            p = @5:17 b5
            s raw "quoted" text @5:19 b5
            p ; @5:41 b5
            i let @6:9 b5 ^
            i bytes @6:13 b5
            p = @6:19 b5
            s bytes @6:21 b5
            p ; @6:29 b5
            i let @6:31 b5
            i c @6:35 b5
            p = @6:37 b5
            s \ @6:39 b5
            p ' @6:42 b5
            p ; @6:43 b5
            i let @6:45 b5
            i lt @6:49 b5
            p : @6:51 b5
            p & @6:53 b5
            p ' @6:54 b5
            i a @6:55 b5
            i str @6:57 b5
            p = @6:61 b5
            s x @6:63 b5
            p ; @6:66 b5
            i for @7:9 b5 ^
            i item @7:13 b5
            i in @7:18 b5
            i items @7:21 b5
            p . @7:26 b5
            i iter @7:27 b5
            p ( @7:31 b5 ~79
            p ) @7:32 b5 ~78
            p { @7:34 b5 ~93
            i self @7:36 b7
            p . @7:40 b7
            i client @7:41 b7
            p . @7:47 b7
            i complete @7:48 b7
            p ( @7:56 b7 ~88
            i item @7:57 b8
            p ) @7:61 b7 ~86
            p . @7:62 b7
            i await @7:63 b7
            p ? @7:68 b7
            p ; @7:69 b7
            p } @7:71 b5 ~80
            i futures @8:9 b5 ^
            p :: @8:16 b5
            i future @8:18 b5
            p :: @8:24 b5
            i join_all @8:26 b5
            p ( @8:34 b5 ~116
            i items @8:35 b9
            p . @8:40 b9
            i par_iter @8:41 b9
            p ( @8:49 b9 ~104
            p ) @8:50 b9 ~103
            p . @8:51 b9
            i map @8:52 b9
            p ( @8:55 b9 ~115
            p | @8:56 b11
            i x @8:57 b11
            p | @8:58 b11
            i go @8:60 b11
            p ( @8:62 b11 ~114
            i x @8:63 b12
            p ) @8:64 b11 ~112
            p ) @8:65 b9 ~107
            p ) @8:66 b5 ~99
            p . @8:67 b5
            i await @8:68 b5
            p ; @8:73 b5
            i Ok @9:9 b5 ^
            p ( @9:11 b5 ~124
            p ( @9:12 b13 ~123
            p ) @9:13 b13 ~122
            p ) @9:14 b5 ~121
            p } @10:5 b1 ^ ~45
            p } @11:1 b-1 ^ ~21
            i tail @12:21 b-1 ^
            other brace -1 0/5..9 L1-1
            container brace -1 11/21..126 L3-11
            other paren 1 26/26..36 L4-4
            other bracket 2 33/33..35 L4-4
            other paren 1 40/40..41 L4-4
            function brace 1 22/45..125 L4-10 run
            other paren 5 78/78..79 L7-7
            loop brace 5 72/80..93 L7-7
            other paren 7 86/86..88 L7-7
            loop paren 5 99/99..116 L8-8
            loop paren 9 103/103..104 L8-8
            loop paren 9 107/107..115 L8-8
            other paren 11 112/112..114 L8-8
            other paren 5 121/121..124 L9-9
            other paren 13 122/122..123 L9-9
            """#)
    }

    func testSwift() {
        check(#"""
import Foundation

struct Summarizer {
    let client: Client
    func run(_ items: [String]) async throws -> [String] {
        let raw = #"raw "quoted" \(x)"#
        let text = """
            multi "line" \(items.count)
            """
        return try await items.concurrentMap { item in try await client.complete(item, "\(raw)") }
    }
    init() { do { try setup() } catch { } }
}
let c = 'x' + "unterminated
"""#, .swift, #"""
            i import @1:1 b-1 ^
            i Foundation @1:8 b-1
            i struct @3:1 b-1 ^
            i Summarizer @3:8 b-1
            p { @3:19 b-1 ~74
            i let @4:5 b0 ^
            i client @4:9 b0
            p : @4:15 b0
            i Client @4:17 b0
            i func @5:5 b0 ^
            i run @5:10 b0
            p ( @5:13 b0 ~18
            i _ @5:14 b1
            i items @5:16 b1
            p : @5:21 b1
            p [ @5:23 b1 ~17
            i String @5:24 b2
            p ] @5:30 b1 ~15
            p ) @5:31 b0 ~11
            i async @5:33 b0
            i throws @5:39 b0
            p -> @5:46 b0
            p [ @5:49 b0 ~24
            i String @5:50 b3
            p ] @5:56 b0 ~22
            p { @5:58 b0 ~58
            i let @6:9 b4 ^
            i raw @6:13 b4
            p = @6:17 b4
            s raw "quoted" \(x) @6:19 b4
            i let @7:9 b4 ^
            i text @7:13 b4
            p = @7:18 b4
            s ⏎            multi "line" \(items.count)⏎             @7:20 b4
            i items @8:28 b4
            p . @8:33 b4
            i count @8:34 b4
            i return @10:9 b4 ^
            i try @10:16 b4
            i await @10:20 b4
            i items @10:26 b4
            p . @10:31 b4
            i concurrentMap @10:32 b4
            p { @10:46 b4 ~57
            i item @10:48 b5
            i in @10:53 b5
            i try @10:56 b5
            i await @10:60 b5
            i client @10:66 b5
            p . @10:72 b5
            i complete @10:73 b5
            p ( @10:81 b5 ~56
            i item @10:82 b6
            p , @10:86 b6
            s \(raw) @10:88 b6
            i raw @10:91 b6
            p ) @10:96 b5 ~51
            p } @10:98 b4 ~43
            p } @11:5 b0 ^ ~25
            i init @12:5 b0 ^
            p ( @12:9 b0 ~61
            p ) @12:10 b0 ~60
            p { @12:12 b0 ~73
            i do @12:14 b8
            p { @12:17 b8 ~69
            i try @12:19 b9
            i setup @12:23 b9
            p ( @12:28 b9 ~68
            p ) @12:29 b9 ~67
            p } @12:31 b8 ~64
            i catch @12:33 b8
            p { @12:39 b8 ~72
            p } @12:41 b8 ~71
            p } @12:43 b0 ~62
            p } @13:1 b-1 ^ ~4
            i let @14:1 b-1 ^
            i c @14:5 b-1
            p = @14:7 b-1
            s x @14:9 b-1
            p + @14:13 b-1
            s unterminated @14:15 b-1
            container brace -1 2/4..74 L3-13
            other paren 0 11/11..18 L5-5
            other bracket 1 15/15..17 L5-5
            other bracket 0 22/22..24 L5-5
            function brace 0 9/25..58 L5-11 run
            loop brace 4 37/43..57 L10-10
            other paren 5 51/51..56 L10-10
            other paren 0 60/60..61 L12-12
            function brace 0 59/62..73 L12-12
            other brace 8 63/64..69 L12-12
            other paren 9 67/67..68 L12-12
            other brace 8 70/71..72 L12-12
            """#)
    }
}
