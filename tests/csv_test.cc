// Unit tests for services/csv: encodings, CSV parsing, header mapping and cell parsers.

#include <iconv.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/csv/cell_values.h"
#include "services/csv/csv_reader.h"
#include "services/csv/csv_table.h"
#include "services/csv/encoding.h"
#include "services/csv/header_map.h"
#include "tests/test_data.h"

namespace orgtree::csv {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// "党员编号" in GB18030/GBK; written out so the test does not trust the code it checks.
constexpr char kMemberNoGbk[] = "\xB5\xB3\xD4\xB1\xB1\xE0\xBA\xC5";
constexpr char kBom[] = "\xEF\xBB\xBF";

// ---------------------------------------------------------------------------------------------
// Encoding

TEST(IsValidUtf8Test, AcceptsAsciiAndChinese) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("member_no"));
  EXPECT_TRUE(IsValidUtf8("党员编号"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
}

TEST(IsValidUtf8Test, RejectsMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8(kMemberNoGbk));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // Overlong '/'.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // Surrogate U+D800.
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // Above U+10FFFF.
  EXPECT_FALSE(IsValidUtf8("\xE5\x85"));          // Truncated.
  EXPECT_FALSE(IsValidUtf8("\x80"));              // Lone continuation byte.
}

// ASCII is passed eight bytes at a time: a bad byte is found wherever it falls in or after a run,
// and its offset is the one reported.
TEST(IsValidUtf8Test, FindsABadByteAnywhereAfterAsciiRuns) {
  for (size_t run = 0; run <= 20; ++run) {
    const std::string ascii(run, 'a');
    EXPECT_TRUE(IsValidUtf8(ascii + "党员" + ascii + "1")) << run;
    EXPECT_FALSE(IsValidUtf8(ascii + "\xC0\xAF" + std::string(10, 'b'))) << run;
    EXPECT_FALSE(IsValidUtf8(ascii + "\xE5\x85")) << run;
    auto decoded = DecodeToUtf8(ascii + "\x80" + std::string(9, 'c'), Encoding::kUtf8);
    ASSERT_FALSE(decoded.ok()) << run;
    EXPECT_THAT(std::string(decoded.status().message()),
                HasSubstr("byte offset " + std::to_string(run) + ";"));
  }
}

TEST(DecodeToUtf8Test, AutoDetectsGbkHeader) {
  std::string bytes = std::string(kMemberNoGbk) + ",name\r\n";
  absl::StatusOr<std::string> out = DecodeToUtf8(bytes, Encoding::kAuto);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "党员编号,name\r\n");
}

TEST(DecodeToUtf8Test, AutoStripsUtf8Bom) {
  absl::StatusOr<std::string> out =
      DecodeToUtf8(std::string(kBom) + "党员编号,姓名\n", Encoding::kAuto);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "党员编号,姓名\n");
}

TEST(DecodeToUtf8Test, AutoKeepsValidUtf8AsIs) {
  absl::StatusOr<std::string> out = DecodeToUtf8("党员编号,姓名\n", Encoding::kAuto);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "党员编号,姓名\n");
}

TEST(DecodeToUtf8Test, AutoWithBomButInvalidUtf8IsAnError) {
  std::string bytes = std::string(kBom) + "a\n" + kMemberNoGbk + "\n";
  absl::StatusOr<std::string> out = DecodeToUtf8(bytes, Encoding::kAuto);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(out.status().message(), HasSubstr("line 2"));
}

TEST(DecodeToUtf8Test, AutoRejectsBytesThatAreNeitherEncoding) {
  absl::StatusOr<std::string> out = DecodeToUtf8("a,b\nc,\xFF\n", Encoding::kAuto);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(out.status().message(), HasSubstr("neither UTF-8 nor GB18030"));
  EXPECT_THAT(out.status().message(), HasSubstr("line 2"));
}

TEST(DecodeToUtf8Test, AutoEmptyInput) {
  absl::StatusOr<std::string> out = DecodeToUtf8("", Encoding::kAuto);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "");
}

TEST(DecodeToUtf8Test, Utf8StripsBom) {
  absl::StatusOr<std::string> out = DecodeToUtf8(std::string(kBom) + "a,b\n", Encoding::kUtf8);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "a,b\n");
}

TEST(DecodeToUtf8Test, Utf8RejectsGbkNamingLineAndOffset) {
  std::string bytes = std::string("a,b\nc,d\n") + kMemberNoGbk + "\n";
  absl::StatusOr<std::string> out = DecodeToUtf8(bytes, Encoding::kUtf8);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(out.status().message(), HasSubstr("line 3: invalid UTF-8 at byte offset 8"));
}

TEST(DecodeToUtf8Test, Utf8OffsetCountsTheBom) {
  std::string bytes = std::string(kBom) + "ab\xFF";
  absl::StatusOr<std::string> out = DecodeToUtf8(bytes, Encoding::kUtf8);
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), HasSubstr("line 1: invalid UTF-8 at byte offset 5"));
}

TEST(DecodeToUtf8Test, Gb18030ConvertsLargerFile) {
  std::string utf8 = "党员编号,姓名,身份证号\nM001,张三,11010519491231002X\n";
  absl::StatusOr<std::string> out = DecodeToUtf8(testing::ToGb18030(utf8), Encoding::kGb18030);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, utf8);
}

TEST(DecodeToUtf8Test, Gb18030ConvertsFourByteSequences) {
  // U+20000 (CJK Extension B) is 95 32 82 36 in GB18030; GBK cannot represent it.
  absl::StatusOr<std::string> out = DecodeToUtf8("\x95\x32\x82\x36", Encoding::kGb18030);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "\xF0\xA0\x80\x80");
}

TEST(DecodeToUtf8Test, Gb18030StripsItsOwnBom) {
  absl::StatusOr<std::string> out =
      DecodeToUtf8(std::string("\x84\x31\x95\x33") + kMemberNoGbk, Encoding::kGb18030);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "党员编号");
}

TEST(DecodeToUtf8Test, Gb18030ErrorNamesLine) {
  std::string bytes = std::string(kMemberNoGbk) + "\nx\n\xFF\n";
  absl::StatusOr<std::string> out = DecodeToUtf8(bytes, Encoding::kGb18030);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(out.status().message(), HasSubstr("line 3:"));
  EXPECT_THAT(out.status().message(), HasSubstr("offset 11"));
}

TEST(DecodeToUtf8Test, Gb18030TruncatedCharacter) {
  absl::StatusOr<std::string> out = DecodeToUtf8("a\n\xB5", Encoding::kGb18030);
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), HasSubstr("line 2: file ends in the middle"));
}

TEST(DecodeToUtf8Test, Gb18030RejectsUtf8Bom) {
  absl::StatusOr<std::string> out = DecodeToUtf8(std::string(kBom) + "a", Encoding::kGb18030);
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), HasSubstr("UTF-8 byte-order mark"));
}

// UTF-8 input is read where it lies; only a conversion makes a copy.
TEST(DecodeToUtf8Test, ViewOfUtf8InputPointsIntoTheInput) {
  for (Encoding enc : {Encoding::kAuto, Encoding::kUtf8}) {
    const std::string plain = "党员编号,姓名\nM1,张三\n";
    std::string converted;
    absl::StatusOr<std::string_view> text = DecodeToUtf8(plain, enc, &converted);
    ASSERT_TRUE(text.ok()) << text.status();
    EXPECT_EQ(*text, plain);
    EXPECT_EQ(text->data(), plain.data());
    const std::string with_bom = std::string(kBom) + plain;
    text = DecodeToUtf8(with_bom, enc, &converted);
    ASSERT_TRUE(text.ok()) << text.status();
    EXPECT_EQ(*text, plain);
    EXPECT_EQ(text->data(), with_bom.data() + std::string_view(kBom).size());
    EXPECT_TRUE(converted.empty());
  }
  const std::string gbk = testing::ToGb18030("党员编号,姓名\n");
  for (Encoding enc : {Encoding::kAuto, Encoding::kGb18030}) {
    std::string converted;
    absl::StatusOr<std::string_view> text = DecodeToUtf8(gbk, enc, &converted);
    ASSERT_TRUE(text.ok()) << text.status();
    EXPECT_EQ(*text, "党员编号,姓名\n");
    EXPECT_EQ(text->data(), converted.data());
  }
  std::string converted;
  EXPECT_EQ(DecodeToUtf8("\xff\xfe", Encoding::kUtf8, &converted).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(EncodeGb18030Test, EncodesChinese) {
  absl::StatusOr<std::string> out = EncodeGb18030("党员编号,a\n");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, std::string(kMemberNoGbk) + ",a\n");
}

TEST(EncodeGb18030Test, RoundTripsThroughDecode) {
  std::string utf8 = "姓名,备注\n李四,\xF0\xA0\x80\x80 €\n";
  absl::StatusOr<std::string> gb = EncodeGb18030(utf8);
  ASSERT_TRUE(gb.ok()) << gb.status();
  absl::StatusOr<std::string> back = DecodeToUtf8(*gb, Encoding::kGb18030);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, utf8);
}

TEST(EncodeGb18030Test, RejectsInvalidUtf8) {
  absl::StatusOr<std::string> out = EncodeGb18030("ok\n\xFF");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(out.status().message(), HasSubstr("line 2"));
}

TEST(EncodeGb18030Test, LargeInputGrowsBuffer) {
  std::string utf8;
  for (int i = 0; i < 10000; ++i) utf8 += "\xF0\xA0\x80\x80";  // 4 bytes → 4 bytes each.
  utf8 += "党";
  absl::StatusOr<std::string> gb = EncodeGb18030(utf8);
  ASSERT_TRUE(gb.ok()) << gb.status();
  absl::StatusOr<std::string> back = DecodeToUtf8(*gb, Encoding::kGb18030);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, utf8);
}

// ---------------------------------------------------------------------------------------------
// CSV reader

TEST(TrimCellTest, TrimsAsciiAndFullWidthSpaces) {
  EXPECT_EQ(TrimCell("  a b\t"), "a b");
  EXPECT_EQ(TrimCell("\xE3\x80\x80 张三\xE3\x80\x80\xE3\x80\x80 "), "张三");
  EXPECT_EQ(TrimCell("\xE3\x80\x80"), "");
  EXPECT_EQ(TrimCell("张\xE3\x80\x80三"), "张\xE3\x80\x80三");
}

TEST(ParseCsvTest, SimpleRowsWithLineNumbers) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("a,b,c\n1,2,3\n4,5,6");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].line, 1);
  EXPECT_THAT((*rows)[0].cells, ElementsAre("a", "b", "c"));
  EXPECT_EQ((*rows)[2].line, 3);
  EXPECT_THAT((*rows)[2].cells, ElementsAre("4", "5", "6"));
}

TEST(ParseCsvTest, CrlfAndLfAndCr) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("a,b\r\n1,2\n3,4\r5,6\r\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_THAT((*rows)[1].cells, ElementsAre("1", "2"));
  EXPECT_THAT((*rows)[3].cells, ElementsAre("5", "6"));
  EXPECT_EQ((*rows)[3].line, 4);
}

TEST(ParseCsvTest, QuotedCellsWithCommasAndEscapedQuotes) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("\"a,b\",\"say \"\"hi\"\"\",\"\"\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_THAT((*rows)[0].cells, ElementsAre("a,b", "say \"hi\"", ""));
}

TEST(ParseCsvTest, QuotedMultilineCellShiftsLineNumbers) {
  std::string text =
      "name,address\r\n"
      "张三,\"第一行\r\n第二行\r\n第三行\"\r\n"
      "李四,x\r\n";
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(text);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].line, 2);
  EXPECT_THAT((*rows)[1].cells, ElementsAre("张三", "第一行\n第二行\n第三行"));
  EXPECT_EQ((*rows)[2].line, 5);
  EXPECT_THAT((*rows)[2].cells, ElementsAre("李四", "x"));
}

TEST(ParseCsvTest, TrimsCellsIncludingFullWidthSpace) {
  absl::StatusOr<std::vector<CsvRow>> rows =
      ParseCsv(" a ,\t b\t,\xE3\x80\x80张三\xE3\x80\x80, \" q \" \n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_THAT((*rows)[0].cells, ElementsAre("a", "b", "张三", "q"));
}

TEST(ParseCsvTest, SkipsEmptyRowsButKeepsLineNumbers) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("h1,h2\n\n,\n , \xE3\x80\x80\n1,2\n,,\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].line, 5);
  EXPECT_THAT((*rows)[1].cells, ElementsAre("1", "2"));
}

TEST(ParseCsvTest, KeepsEmptyCellsAndShortRows) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("a,b,c\n,x,\ny\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_THAT((*rows)[1].cells, ElementsAre("", "x", ""));
  EXPECT_THAT((*rows)[2].cells, ElementsAre("y"));
}

TEST(ParseCsvTest, IgnoresLeadingBom) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(std::string(kBom) + "member_no\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_THAT((*rows)[0].cells, ElementsAre("member_no"));
}

TEST(ParseCsvTest, StrayQuoteInUnquotedCellIsLiteral) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("5\" pipe,b\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT((*rows)[0].cells, ElementsAre("5\" pipe", "b"));
}

TEST(ParseCsvTest, EmptyInput) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, IsEmpty());
}

TEST(ParseCsvTest, UnterminatedQuoteNamesStartLine) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("a,b\n1,2\n3,\"open\nmore\nstill open\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rows.status().message(), "line 3: unterminated quoted cell");
}

TEST(ParseCsvTest, TextAfterClosingQuoteIsAnError) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("a,b\n1,\"x\"y\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(rows.status().message(),
              HasSubstr("line 2: unexpected text after the closing quote"));
}

TEST(FormatCsvRowTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(FormatCsvRow({"a", "张三", ""}), "a,张三,\n");
  EXPECT_EQ(FormatCsvRow({"a,b", "say \"hi\"", "two\nlines", "cr\r"}),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\n");
  EXPECT_EQ(FormatCsvRow({" lead", "trail ", "\ttab", "mid dle"}),
            "\" lead\",\"trail \",\"\ttab\",mid dle\n");
  EXPECT_EQ(FormatCsvRow({}), "\n");
}

TEST(FormatCsvRowTest, RoundTripsThroughParse) {
  std::vector<std::string> cells = {"M001", "a,b", "say \"hi\"", "第一行\n第二行", "x"};
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(FormatCsvRow(cells) + FormatCsvRow({"next"}));
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].cells, cells);
  EXPECT_EQ((*rows)[1].line, 3);
}

// ---------------------------------------------------------------------------------------------
// Header map

std::vector<ColumnSpec> MemberSpecs() {
  return {
      {.name = "member_no", .aliases = {"党员编号"}, .required = false},
      {.name = "national_id", .aliases = {"身份证号", "公民身份号码"}, .required = true},
      {.name = "name", .aliases = {"姓名"}, .required = true},
      {.name = "joined_on", .aliases = {"入党日期"}, .required = false},
  };
}

CsvRow Header(std::vector<std::string> cells) {
  return CsvRow{.line = 1, .cells = std::move(cells)};
}

TEST(MapHeaderTest, MatchesEnglishCaseInsensitivelyAndChineseAliases) {
  absl::StatusOr<HeaderMap> map =
      MapHeader(Header({"姓名", "备注", "NATIONAL_ID", "Member_No", ""}), MemberSpecs());
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_THAT(map->index, ElementsAre(3, 2, 0, -1));
  EXPECT_THAT(map->ignored, ElementsAre("备注"));
}

TEST(MapHeaderTest, TrimsHeaderCells) {
  absl::StatusOr<HeaderMap> map =
      MapHeader(Header({" 身份证号\xE3\x80\x80", "\t姓名 "}), MemberSpecs());
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_THAT(map->index, ElementsAre(-1, 0, 1, -1));
}

TEST(MapHeaderTest, ChineseMustMatchExactly) {
  absl::StatusOr<HeaderMap> map =
      MapHeader(Header({"身份证号", "姓名", "党员编号码"}), MemberSpecs());
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->index[0], -1);
  EXPECT_THAT(map->ignored, ElementsAre("党员编号码"));
}

TEST(MapHeaderTest, MissingRequiredColumnsListedTogether) {
  absl::StatusOr<HeaderMap> map = MapHeader(Header({"党员编号", "入党日期"}), MemberSpecs());
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(map.status().message(), "line 1: missing required column(s): national_id, name");
}

TEST(MapHeaderTest, OneMissingRequiredColumn) {
  absl::StatusOr<HeaderMap> map = MapHeader(Header({"national_id"}), MemberSpecs());
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().message(), "line 1: missing required column(s): name");
}

TEST(MapHeaderTest, DuplicateColumnIsAnError) {
  absl::StatusOr<HeaderMap> map = MapHeader(Header({"name", "national_id", "姓名"}), MemberSpecs());
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(map.status().message(), HasSubstr("line 1: column name appears twice"));
  EXPECT_THAT(map.status().message(), HasSubstr("columns A and C"));
}

TEST(MapHeaderTest, WorksOnGbkFileEndToEnd) {
  std::string bytes = std::string(kMemberNoGbk) + "," + testing::ToGb18030("身份证号,姓名\r\n") +
                      testing::ToGb18030("M001,11010519491231002x,张三\r\n");
  absl::StatusOr<std::string> utf8 = DecodeToUtf8(bytes, Encoding::kAuto);
  ASSERT_TRUE(utf8.ok()) << utf8.status();
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(*utf8);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  absl::StatusOr<HeaderMap> map = MapHeader((*rows)[0], MemberSpecs());
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(Cell(*map, (*rows)[1], 0), "M001");
  EXPECT_EQ(Cell(*map, (*rows)[1], 2), "张三");
  EXPECT_EQ(Cell(*map, (*rows)[1], 3), "");  // joined_on absent.
}

TEST(CellTest, EmptyForAbsentColumnShortRowAndBadIndex) {
  HeaderMap map{.index = {0, 2, -1}, .ignored = {}};
  CsvRow row{.line = 2, .cells = {"a", "b"}};
  EXPECT_EQ(Cell(map, row, 0), "a");
  EXPECT_EQ(Cell(map, row, 1), "");  // Row shorter than the header.
  EXPECT_EQ(Cell(map, row, 2), "");  // Column absent.
  EXPECT_EQ(Cell(map, row, 7), "");  // No such spec.
}

// Reads `text` through ReadCsvTableRows (header: member_no, name) and gathers its rows in file
// order, as an import does; `starts` records every start() call.
struct PiecewiseRead {
  absl::Status status;
  std::vector<CsvRow> rows;
  std::vector<size_t> starts;        // each start(): its number of parts
  std::vector<size_t> rows_at_most;  // and the bounds on their rows, added up
};
PiecewiseRead ReadPiecewise(const std::string& text) {
  const std::vector<ColumnSpec> specs = {{"member_no", {}, true}, {"name", {}, false}};
  PiecewiseRead out;
  std::vector<std::vector<CsvRow>> parts;
  HeaderMap header;
  out.status = ReadCsvTableRows(
      text, Encoding::kUtf8, specs, &header,
      [&](const std::vector<size_t>& rows_at_most) {
        out.starts.push_back(rows_at_most.size());
        out.rows_at_most.push_back(0);
        for (size_t n : rows_at_most) out.rows_at_most.back() += n;
        parts.assign(rows_at_most.size(), {});
      },
      [&](size_t part, int line, const CsvCells& cells) {
        parts[part].push_back(CsvRow{.line = line, .cells = {cells.begin(), cells.end()}});
      });
  for (auto& part : parts) out.rows.insert(out.rows.end(), part.begin(), part.end());
  return out;
}

// The same rows (header dropped) as ParseCsv reads from the whole text.
std::vector<CsvRow> WholeRows(const std::string& text) {
  auto rows = ParseCsv(text);
  EXPECT_TRUE(rows.ok()) << rows.status();
  if (!rows.ok() || rows->empty()) return {};
  return {rows->begin() + 1, rows->end()};
}

void ExpectSameRows(const std::vector<CsvRow>& got, const std::vector<CsvRow>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].line, want[i].line) << "row " << i;
    ASSERT_EQ(got[i].cells, want[i].cells) << "row " << i;
  }
}

// A file of a few MiB: large enough to be read in pieces on a machine with more than one core.
// Line ends vary (LF, CRLF, a lone CR), some cells are quoted, some span lines, and blank rows
// sit in between, so that line numbers after every cut depend on counting all of them. With
// `multiline_cells`, some quoted cells span two lines: a cut may then land inside one.
std::string LargeCsv(bool multiline_cells) {
  std::string text = "member_no,name\n";
  for (int i = 0; i < 120000; ++i) {
    const std::string no = "M" + std::to_string(i);
    switch (i % 7) {
      case 0:
        text += no + ",\"张, 三\"\r\n";
        break;
      case 1:
        text += no + (multiline_cells ? ",\"line one\nline two\"\n" : ",\"line one\"\n");
        break;
      case 2:
        text += no + ",李四\r";
        break;
      case 3:
        text += no + ",\"say \"\"hi\"\"\"\n\n";
        break;
      default:
        text += no + ", 王五 \n";
    }
    if (i % 100 == 99) text += ",\n";
  }
  return text;
}

TEST(ReadCsvTableRowsTest, LargeFileReadInPiecesGivesTheWholeFilesRowsAndLines) {
  const std::string text = LargeCsv(false);
  ASSERT_GT(text.size(), 1u << 20);  // the size from which a file is read in pieces
  PiecewiseRead read = ReadPiecewise(text);
  ASSERT_TRUE(read.status.ok()) << read.status;
  ASSERT_EQ(read.starts.size(), 1u);  // no second start: every cut was a row boundary
  if (std::thread::hardware_concurrency() > 1) {
    EXPECT_GT(read.starts.front(), 1u);
  }
  ExpectSameRows(read.rows, WholeRows(text));
  EXPECT_EQ(read.rows.size(), 120000u);
  // The bounds count every physical line after the header (rows and blank rows), and one more per
  // part for a last line without a line end.
  EXPECT_EQ(read.rows_at_most.front(), 120000u + 17143u + 1200u + read.starts.front());
  EXPECT_EQ(read.rows[1].cells[1], "line one");
  EXPECT_EQ(read.rows[3].cells[1], "say \"hi\"");
}

TEST(ReadCsvTableRowsTest, QuotedCellAcrossACutIsReadAgainWhole) {
  // Cells spanning a thousand lines each: whatever LF a cut lands after is likely inside one,
  // and one such cut is enough to make the reader start over on one thread.
  std::string text = "member_no,name\n";
  std::string tall = "\"";
  for (int i = 0; i < 1000; ++i) tall += "x\n";
  tall += "\"";
  for (int i = 0; text.size() < (3u << 20); ++i)
    text += "M" + std::to_string(i) + "," + tall + "\n";
  PiecewiseRead read = ReadPiecewise(text);
  ASSERT_TRUE(read.status.ok()) << read.status;
  if (std::thread::hardware_concurrency() > 1) {
    ASSERT_EQ(read.starts.size(), 2u);
    EXPECT_EQ(read.starts.back(), 1u);
  }
  ExpectSameRows(read.rows, WholeRows(text));
}

TEST(ReadCsvTableRowsTest, ErrorLateInALargeFileNamesItsLine) {
  const std::string good = LargeCsv(true);
  // Physical lines before the bad row: LF, CRLF and a lone CR each end one.
  int lines_before = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    if (good[i] == '\n' || (good[i] == '\r' && good[i + 1] != '\n')) ++lines_before;
  }
  const std::string text = good + "M-bad,\"oops\"x\nM-next,ok\n";
  PiecewiseRead read = ReadPiecewise(text);
  EXPECT_EQ(read.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(read.status.message(), "line " + std::to_string(lines_before + 1) +
                                       ": unexpected text after the closing quote of cell 2");
  EXPECT_EQ(read.status, ParseCsv(text).status());
}

TEST(ReadCsvTableRowsTest, HeaderOnlyAndEmptyFiles) {
  PiecewiseRead header_only = ReadPiecewise("member_no,name\n");
  ASSERT_TRUE(header_only.status.ok()) << header_only.status;
  EXPECT_THAT(header_only.rows, IsEmpty());
  PiecewiseRead empty = ReadPiecewise("\n,\n");
  EXPECT_EQ(empty.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(empty.status.message()), HasSubstr("line 1: the file is empty"));
  PiecewiseRead no_column = ReadPiecewise("name\nx\n");
  EXPECT_THAT(std::string(no_column.status.message()), HasSubstr("member_no"));
}

TEST(ColumnLettersTest, MatchesExcel) {
  EXPECT_EQ(ColumnLetters(0), "A");
  EXPECT_EQ(ColumnLetters(25), "Z");
  EXPECT_EQ(ColumnLetters(26), "AA");
  EXPECT_EQ(ColumnLetters(51), "AZ");
  EXPECT_EQ(ColumnLetters(52), "BA");
  EXPECT_EQ(ColumnLetters(701), "ZZ");
  EXPECT_EQ(ColumnLetters(702), "AAA");
}

// ---------------------------------------------------------------------------------------------
// Cell values

TEST(NormalizeDateTest, AcceptsEveryForm) {
  EXPECT_EQ(NormalizeDate("2020-06-01"), "2020-06-01");
  EXPECT_EQ(NormalizeDate("2020-6-1"), "2020-06-01");
  EXPECT_EQ(NormalizeDate("2020/6/1"), "2020-06-01");
  EXPECT_EQ(NormalizeDate("2020/06/01"), "2020-06-01");
  EXPECT_EQ(NormalizeDate("2020.6.1"), "2020-06-01");
  EXPECT_EQ(NormalizeDate("2020年6月1日"), "2020-06-01");
  EXPECT_EQ(NormalizeDate("2020年06月01日"), "2020-06-01");
  EXPECT_EQ(NormalizeDate("2020年6月1"), "2020-06-01");
  EXPECT_EQ(NormalizeDate(" 2020-12-31\xE3\x80\x80"), "2020-12-31");
}

TEST(NormalizeDateTest, LeapYears) {
  EXPECT_EQ(NormalizeDate("2020-02-29"), "2020-02-29");
  EXPECT_EQ(NormalizeDate("2000-2-29"), "2000-02-29");
  EXPECT_EQ(NormalizeDate("2021-02-29"), std::nullopt);
  EXPECT_EQ(NormalizeDate("1900-02-29"), std::nullopt);  // Divisible by 100, not 400.
}

TEST(NormalizeDateTest, RejectsImpossibleDates) {
  EXPECT_EQ(NormalizeDate("2020-02-30"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020-04-31"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020-13-01"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020-00-10"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020-01-00"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020-01-32"), std::nullopt);
}

TEST(NormalizeDateTest, RejectsYearsOutOfRange) {
  EXPECT_EQ(NormalizeDate("1899-12-31"), std::nullopt);
  EXPECT_EQ(NormalizeDate("1900-01-01"), "1900-01-01");
  EXPECT_EQ(NormalizeDate("2999-12-31"), "2999-12-31");
  EXPECT_EQ(NormalizeDate("3000-01-01"), std::nullopt);
  EXPECT_EQ(NormalizeDate("20-6-1"), std::nullopt);
}

TEST(NormalizeDateTest, RejectsOtherForms) {
  EXPECT_EQ(NormalizeDate(""), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020-06"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020-6/1"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020-06-01-02"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020-06-01 10:00"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020-006-01"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020-+6-01"), std::nullopt);
  EXPECT_EQ(NormalizeDate("20200601"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020年6月"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2020年6月日"), std::nullopt);
  EXPECT_EQ(NormalizeDate("June 1, 2020"), std::nullopt);
}

TEST(NormalizeMonthTest, AcceptsEveryForm) {
  EXPECT_EQ(NormalizeMonth("2020-06"), "2020-06");
  EXPECT_EQ(NormalizeMonth("2020-6"), "2020-06");
  EXPECT_EQ(NormalizeMonth("2020/6"), "2020-06");
  EXPECT_EQ(NormalizeMonth("2020年6月"), "2020-06");
  EXPECT_EQ(NormalizeMonth(" 2020年12月 "), "2020-12");
}

TEST(NormalizeMonthTest, RejectsInvalid) {
  EXPECT_EQ(NormalizeMonth("2020-13"), std::nullopt);
  EXPECT_EQ(NormalizeMonth("2020-0"), std::nullopt);
  EXPECT_EQ(NormalizeMonth("1899-12"), std::nullopt);
  EXPECT_EQ(NormalizeMonth("2020-06-01"), std::nullopt);
  EXPECT_EQ(NormalizeMonth("2020年6月1日"), std::nullopt);
  EXPECT_EQ(NormalizeMonth("2020"), std::nullopt);
  EXPECT_EQ(NormalizeMonth(""), std::nullopt);
}

TEST(NormalizeNationalIdCellTest, AcceptsAndCleans) {
  EXPECT_EQ(NormalizeNationalIdCell("11010519491231002X").value(), "11010519491231002X");
  EXPECT_EQ(NormalizeNationalIdCell("11010519491231002x").value(), "11010519491231002X");
  EXPECT_EQ(NormalizeNationalIdCell("'110105194912310021").value(), "110105194912310021");
  EXPECT_EQ(NormalizeNationalIdCell(" '11010519491231002x ").value(), "11010519491231002X");
}

TEST(NormalizeNationalIdCellTest, RejectsScientificNotation) {
  for (const char* cell : {"3.60102E+17", "3.60102e+17", "3.60102199E17", "4E+17"}) {
    absl::StatusOr<std::string> id = NormalizeNationalIdCell(cell);
    ASSERT_FALSE(id.ok()) << cell;
    EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(id.status().message(), HasSubstr("converted to a number by Excel"));
    EXPECT_THAT(id.status().message(), HasSubstr("format the column as text"));
  }
}

TEST(NormalizeNationalIdCellTest, RejectsFifteenDigitIds) {
  absl::StatusOr<std::string> id = NormalizeNationalIdCell("110105491231002");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(id.status().message(), HasSubstr("15-digit"));
  EXPECT_THAT(id.status().message(), HasSubstr("18-digit"));
}

TEST(NormalizeNationalIdCellTest, RejectsOtherShapes) {
  for (const char* cell :
       {"1101051949123100", "1101051949123100211", "11010519491231002Y", "X10105194912310021",
        "1101051949123 0021", "１１０１０５１９４９１２３１００２Ｘ"}) {
    absl::StatusOr<std::string> id = NormalizeNationalIdCell(cell);
    ASSERT_FALSE(id.ok()) << cell;
    EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(id.status().message(),
                HasSubstr("must be 18 characters: 17 digits and a check digit or X"));
  }
}

TEST(NormalizeNationalIdCellTest, RejectsEmpty) {
  for (const char* cell : {"", "  ", "'"}) {
    absl::StatusOr<std::string> id = NormalizeNationalIdCell(cell);
    ASSERT_FALSE(id.ok()) << cell;
    EXPECT_THAT(id.status().message(), HasSubstr("empty"));
  }
}

TEST(ParseYuanToFenTest, Accepts) {
  EXPECT_EQ(ParseYuanToFen("3000"), 300000);
  EXPECT_EQ(ParseYuanToFen("3000.5"), 300050);
  EXPECT_EQ(ParseYuanToFen("3000.05"), 300005);
  EXPECT_EQ(ParseYuanToFen("3,000.50"), 300050);
  EXPECT_EQ(ParseYuanToFen("1,234,567.89"), 123456789);
  EXPECT_EQ(ParseYuanToFen("0"), 0);
  EXPECT_EQ(ParseYuanToFen("0.01"), 1);
  EXPECT_EQ(ParseYuanToFen(" 12.30 "), 1230);
  EXPECT_EQ(ParseYuanToFen("999999999999999.99"), 99999999999999999);
}

TEST(ParseYuanToFenTest, Rejects) {
  for (const char* cell :
       {"", "-1", "-0.5", "+3", "3000.123", "3000.", ".5", "abc", "3,00", "30,00.5", "3,5", ",300",
        "300,", "1,2345", "3 000", "3000元", "1e3", "0x10", "1000000000000000"}) {
    EXPECT_EQ(ParseYuanToFen(cell), std::nullopt) << cell;
  }
}

TEST(ParseIntegerTest, AcceptsAndRejects) {
  EXPECT_EQ(ParseInteger("42"), 42);
  EXPECT_EQ(ParseInteger(" -7 "), -7);
  EXPECT_EQ(ParseInteger("0"), 0);
  EXPECT_EQ(ParseInteger("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseInteger("-9223372036854775808"), INT64_MIN);
  for (const char* cell :
       {"", "-", "+5", "4 2", "4.0", "1,000", "abc", "9223372036854775808", "0x1F"}) {
    EXPECT_EQ(ParseInteger(cell), std::nullopt) << cell;
  }
}

}  // namespace
}  // namespace orgtree::csv
