using System.Buffers.Binary;
using System.Text;

namespace Warehouse.Reports;

/// <summary>
/// Corrects min/max statistics that Parquet.Net 6.1.0 gets wrong, in a finished Parquet file.
/// <list type="bullet">
/// <item>INT64 TIMESTAMP(MICROS): the data is microseconds but the statistics are written in
/// epoch <em>milliseconds</em> (ParquetPlainEncoder.TryEncode(DateTime) ignores the unit).</item>
/// <item>UTF-8 strings: min/max are chosen in UTF-16 order, which differs from the byte order the
/// format specifies when one string has a character above U+FFFF (emoji) where another has one in
/// U+E000..U+FFFF (e.g. full-width forms).</item>
/// </list>
/// Readers that prune with statistics then skip row groups that hold matching rows (DuckDB
/// answers <c>WHERE ts = TIMESTAMP '…'</c> with no rows), so the right values are put in place.
/// <para>
/// How: the footer and page headers are Thrift compact protocol; they are parsed just enough
/// to find the statistics' min/max binaries. In the footer (the column-chunk statistics that
/// readers prune with) they are replaced: Thrift compact has no struct lengths and nothing
/// points into the footer, so a longer or shorter value can be spliced in and the footer length
/// at the end of the file rewritten. A page header cannot change size (its page data follows),
/// so there a value is overwritten only when it has the same length, which is always the case
/// for timestamps; a string page whose corrected min/max would change length keeps Parquet.Net's
/// page-level statistics. (Renaming that field so readers skip it is no way out: Parquet.Net's
/// own Thrift reader does not skip unknown struct fields correctly.) DuckDB, Spark, Arrow and
/// Synapse prune with the footer's statistics or a page index, not page-header statistics.
/// Only the Parquet format spec is relied on, not Parquet.Net internals.
/// </para>
/// </summary>
internal static class ParquetStatisticsPatch
{
    /// <summary>The correct min/max of one column chunk, as Parquet statistics bytes.</summary>
    internal sealed record StatisticsFix(byte[] Min, byte[] Max)
    {
        public static StatisticsFix ForInt64(long min, long max)
        {
            byte[] a = new byte[8], b = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(a, min);
            BinaryPrimitives.WriteInt64LittleEndian(b, max);
            return new StatisticsFix(a, b);
        }

        public static StatisticsFix ForUtf8(string min, string max) =>
            new(Encoding.UTF8.GetBytes(min), Encoding.UTF8.GetBytes(max));
    }

    /// <param name="path">The Parquet file, complete (footer written).</param>
    /// <param name="rowGroups">For each row group in file order: the fixes of its top-level
    /// columns, by column name. Columns without a fix are left alone.</param>
    public static void Apply(string path, IReadOnlyList<IReadOnlyDictionary<string, StatisticsFix>> rowGroups)
    {
        if (rowGroups.All(g => g.Count == 0))
        {
            return;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        byte[] tail = new byte[8];
        file.Seek(-8, SeekOrigin.End);
        file.ReadExactly(tail);
        if (Encoding.ASCII.GetString(tail, 4, 4) != "PAR1")
        {
            throw new InvalidDataException($"{path} does not end with the Parquet magic.");
        }
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        long footerStart = file.Length - 8 - footerLength;
        byte[] footer = new byte[footerLength];
        file.Seek(footerStart, SeekOrigin.Begin);
        file.ReadExactly(footer);

        var chunksByRowGroup = FooterParser.Parse(footer);
        if (chunksByRowGroup.Count != rowGroups.Count)
        {
            throw new InvalidDataException(
                $"{path} has {chunksByRowGroup.Count} row groups, {rowGroups.Count} were written.");
        }

        var footerEdits = new List<(StatField Field, byte[] Value)>();
        for (int g = 0; g < rowGroups.Count; g++)
        {
            foreach (var chunk in chunksByRowGroup[g])
            {
                if (chunk.Path.Count != 1 || !rowGroups[g].TryGetValue(chunk.Path[0], out var fix))
                {
                    continue;
                }
                if (chunk.Statistics.Count == 0)
                {
                    throw new InvalidDataException(
                        $"Column {chunk.Path[0]} has no min/max statistics in row group {g} to correct.");
                }
                footerEdits.AddRange(chunk.Statistics.Select(f => (f, f.IsMin ? fix.Min : fix.Max)));
                PatchPageHeaders(file, chunk, fix);
            }
        }

        byte[] newFooter = Splice(footer, footerEdits);
        file.Seek(footerStart, SeekOrigin.Begin);
        file.Write(newFooter);
        BinaryPrimitives.WriteInt32LittleEndian(tail, newFooter.Length);
        file.Write(tail);
        file.SetLength(footerStart + newFooter.Length + 8);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Replaces each binary (its length prefix and bytes) with the new value.</summary>
    private static byte[] Splice(byte[] buffer, List<(StatField Field, byte[] Value)> edits)
    {
        using var output = new MemoryStream(buffer.Length + 64);
        int copied = 0;
        foreach (var (field, value) in edits.OrderBy(e => e.Field.PrefixOffset))
        {
            output.Write(buffer, copied, field.PrefixOffset - copied);
            WriteVarint(output, (uint)value.Length);
            output.Write(value);
            copied = field.Offset + field.Length;
        }
        output.Write(buffer, copied, buffer.Length - copied);
        return output.ToArray();
    }

    private static void WriteVarint(Stream stream, uint value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }

    private static void PatchPageHeaders(FileStream file, ChunkInfo chunk, StatisticsFix fix)
    {
        long start = chunk.DictionaryPageOffset is long d && d > 0 && d < chunk.DataPageOffset ? d : chunk.DataPageOffset;
        long end = start + chunk.TotalCompressedSize;
        long position = start;
        while (position < end)
        {
            int size = (int)Math.Min(64 * 1024, end - position);
            byte[] buffer = new byte[size];
            file.Seek(position, SeekOrigin.Begin);
            file.ReadExactly(buffer);

            var header = FooterParser.ParsePageHeader(buffer);
            // A page header cannot change size (the page data follows it), so only values of the
            // same length are put in; otherwise the page keeps Parquet.Net's statistics (see above).
            if (header.Statistics.Count > 0
                && header.Statistics.All(f => f.Length == (f.IsMin ? fix.Min : fix.Max).Length))
            {
                foreach (var field in header.Statistics)
                {
                    (field.IsMin ? fix.Min : fix.Max).CopyTo(buffer, field.Offset);
                }
                file.Seek(position, SeekOrigin.Begin);
                file.Write(buffer, 0, header.HeaderLength);
            }
            if (header.CompressedPageSize < 0)
            {
                throw new InvalidDataException("Negative page size in a page header.");
            }
            position += header.HeaderLength + header.CompressedPageSize;
        }
    }

    /// <summary>A min or max binary inside a Statistics struct: where its length prefix and bytes are.</summary>
    internal readonly record struct StatField(bool IsMin, int PrefixOffset, int Offset, int Length);

    internal sealed record ChunkInfo(
        IReadOnlyList<string> Path, long DataPageOffset, long? DictionaryPageOffset, long TotalCompressedSize,
        IReadOnlyList<StatField> Statistics);

    internal sealed record PageHeaderInfo(int HeaderLength, int CompressedPageSize, IReadOnlyList<StatField> Statistics);

    /// <summary>The parts of the Parquet Thrift structures this patch needs (field ids from parquet.thrift).</summary>
    internal static class FooterParser
    {
        public static List<List<ChunkInfo>> Parse(byte[] footer)
        {
            var reader = new CompactReader(footer);
            var rowGroups = new List<List<ChunkInfo>>();
            short last = 0;
            while (reader.ReadFieldHeader(ref last, out short id, out int type))
            {
                if (id == 4 && type == CompactReader.List) // FileMetaData.row_groups
                {
                    int count = reader.ReadListHeader(out _);
                    for (int i = 0; i < count; i++)
                    {
                        rowGroups.Add(ParseRowGroup(reader));
                    }
                }
                else
                {
                    reader.Skip(type);
                }
            }
            return rowGroups;
        }

        public static PageHeaderInfo ParsePageHeader(byte[] buffer)
        {
            var reader = new CompactReader(buffer);
            int compressed = -1;
            var statistics = new List<StatField>();
            short last = 0;
            while (reader.ReadFieldHeader(ref last, out short id, out int type))
            {
                if (id == 3 && type == CompactReader.I32) // PageHeader.compressed_page_size
                {
                    compressed = (int)reader.ReadZigZag();
                }
                else if ((id == 5 || id == 8) && type == CompactReader.Struct) // data_page_header / data_page_header_v2
                {
                    short statisticsId = id == 5 ? (short)5 : (short)8;
                    short inner = 0;
                    while (reader.ReadFieldHeader(ref inner, out short innerId, out int innerType))
                    {
                        if (innerId == statisticsId && innerType == CompactReader.Struct)
                        {
                            statistics.AddRange(ParseStatistics(reader));
                        }
                        else
                        {
                            reader.Skip(innerType);
                        }
                    }
                }
                else
                {
                    reader.Skip(type);
                }
            }
            return new PageHeaderInfo(reader.Position, compressed, statistics);
        }

        private static List<ChunkInfo> ParseRowGroup(CompactReader reader)
        {
            var chunks = new List<ChunkInfo>();
            short last = 0;
            while (reader.ReadFieldHeader(ref last, out short id, out int type))
            {
                if (id == 1 && type == CompactReader.List) // RowGroup.columns
                {
                    int count = reader.ReadListHeader(out _);
                    for (int i = 0; i < count; i++)
                    {
                        chunks.Add(ParseColumnChunk(reader));
                    }
                }
                else
                {
                    reader.Skip(type);
                }
            }
            return chunks;
        }

        private static ChunkInfo ParseColumnChunk(CompactReader reader)
        {
            ChunkInfo? chunk = null;
            short last = 0;
            while (reader.ReadFieldHeader(ref last, out short id, out int type))
            {
                if (id == 3 && type == CompactReader.Struct) // ColumnChunk.meta_data
                {
                    chunk = ParseColumnMetaData(reader);
                }
                else
                {
                    reader.Skip(type);
                }
            }
            return chunk ?? throw new InvalidDataException("A column chunk has no metadata.");
        }

        private static ChunkInfo ParseColumnMetaData(CompactReader reader)
        {
            var path = new List<string>();
            long dataPageOffset = -1, totalCompressed = 0;
            long? dictionaryPageOffset = null;
            var statistics = new List<StatField>();
            short last = 0;
            while (reader.ReadFieldHeader(ref last, out short id, out int type))
            {
                switch (id)
                {
                    case 3 when type == CompactReader.List: // path_in_schema
                        int count = reader.ReadListHeader(out _);
                        for (int i = 0; i < count; i++)
                        {
                            var (offset, length) = reader.ReadBinary();
                            path.Add(Encoding.UTF8.GetString(reader.Buffer, offset, length));
                        }
                        break;
                    case 7 when type == CompactReader.I64: // total_compressed_size
                        totalCompressed = reader.ReadZigZag();
                        break;
                    case 9 when type == CompactReader.I64: // data_page_offset
                        dataPageOffset = reader.ReadZigZag();
                        break;
                    case 11 when type == CompactReader.I64: // dictionary_page_offset
                        dictionaryPageOffset = reader.ReadZigZag();
                        break;
                    case 12 when type == CompactReader.Struct: // statistics
                        statistics.AddRange(ParseStatistics(reader));
                        break;
                    default:
                        reader.Skip(type);
                        break;
                }
            }
            return new ChunkInfo(path, dataPageOffset, dictionaryPageOffset, totalCompressed, statistics);
        }

        private static List<StatField> ParseStatistics(CompactReader reader)
        {
            var fields = new List<StatField>();
            short last = 0;
            while (reader.ReadFieldHeader(ref last, out short id, out int type))
            {
                // 1 max, 2 min (deprecated forms), 5 max_value, 6 min_value
                if (type == CompactReader.Binary && id is 1 or 2 or 5 or 6)
                {
                    int prefix = reader.Position;
                    var (offset, length) = reader.ReadBinary();
                    fields.Add(new StatField(IsMin: id is 2 or 6, prefix, offset, length));
                }
                else
                {
                    reader.Skip(type);
                }
            }
            return fields;
        }
    }

    /// <summary>Reader of the Thrift compact protocol, enough to walk and skip any structure.</summary>
    internal sealed class CompactReader(byte[] buffer)
    {
        public const int BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7,
            Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12, Uuid = 13;

        private int _position;

        public byte[] Buffer { get; } = buffer;

        public int Position => _position;

        /// <summary>Reads a field header; false at the struct's STOP.</summary>
        public bool ReadFieldHeader(ref short lastId, out short id, out int type)
        {
            byte header = NextByte();
            if (header == 0)
            {
                id = 0;
                type = 0;
                return false;
            }
            type = header & 0x0F;
            int delta = header >> 4;
            id = delta != 0 ? (short)(lastId + delta) : (short)ReadZigZag();
            lastId = id;
            return true;
        }

        public int ReadListHeader(out int elementType)
        {
            byte header = NextByte();
            elementType = header & 0x0F;
            int size = header >> 4;
            return size == 15 ? checked((int)ReadVarint()) : size;
        }

        public (int Offset, int Length) ReadBinary()
        {
            int length = checked((int)ReadVarint());
            int offset = _position;
            Advance(length);
            return (offset, length);
        }

        public long ReadZigZag()
        {
            ulong value = ReadVarint();
            return (long)(value >> 1) ^ -(long)(value & 1);
        }

        public void Skip(int type)
        {
            switch (type)
            {
                case BoolTrue:
                case BoolFalse:
                    return; // the value is in the field header
                case Byte:
                    Advance(1);
                    return;
                case I16:
                case I32:
                case I64:
                    ReadVarint();
                    return;
                case Double:
                    Advance(8);
                    return;
                case Binary:
                    ReadBinary();
                    return;
                case List:
                case Set:
                    int count = ReadListHeader(out int elementType);
                    for (int i = 0; i < count; i++)
                    {
                        SkipElement(elementType);
                    }
                    return;
                case Map:
                    int entries = checked((int)ReadVarint());
                    if (entries > 0)
                    {
                        byte types = NextByte();
                        for (int i = 0; i < entries; i++)
                        {
                            SkipElement(types >> 4);
                            SkipElement(types & 0x0F);
                        }
                    }
                    return;
                case Struct:
                    short last = 0;
                    while (ReadFieldHeader(ref last, out _, out int fieldType))
                    {
                        Skip(fieldType);
                    }
                    return;
                case Uuid:
                    Advance(16);
                    return;
                default:
                    throw new InvalidDataException($"Unknown Thrift compact type {type}.");
            }
        }

        // Inside lists, sets and maps a boolean takes one byte.
        private void SkipElement(int type)
        {
            if (type is BoolTrue or BoolFalse)
            {
                Advance(1);
            }
            else
            {
                Skip(type);
            }
        }

        private ulong ReadVarint()
        {
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = NextByte();
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }
            throw new InvalidDataException("Thrift varint is too long.");
        }

        private byte NextByte()
        {
            if (_position >= Buffer.Length)
            {
                throw new InvalidDataException("Thrift structure runs past the end of its buffer.");
            }
            return Buffer[_position++];
        }

        private void Advance(int count)
        {
            if (count < 0 || _position + count > Buffer.Length)
            {
                throw new InvalidDataException("Thrift structure runs past the end of its buffer.");
            }
            _position += count;
        }
    }
}
