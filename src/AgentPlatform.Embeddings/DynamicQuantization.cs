using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Google.Protobuf;
using Onnx;

namespace AgentPlatform.Embeddings;

/// <summary>
/// Rewrites a float ONNX encoder for int8 inference on the CPU, the way ONNX Runtime's dynamic quantization does:
/// each <c>MatMul</c> by a constant weight matrix becomes a <c>com.microsoft.DynamicQuantizeMatMul</c>, with the
/// weights stored as int8, one symmetric scale per output column, and the input quantized per call (one uint8 scale
/// and zero point per tensor). The model's other operations stay in float.
/// </summary>
/// <remarks>
/// Projections back down from a wider input (a BERT layer's feed-forward output, 1,536 → 384) are left in float: their
/// input is the GELU activation, whose few large values set the one scale of the whole tensor and flatten the rest
/// (quantizing them too was measured to move query vectors about twice as far from the float ones; see the README's
/// embedding settings). On x86 CPUs without VNNI, ONNX Runtime's u8×s8 kernels add pairs of
/// products in 16 bits, which overflow with full-range weights; there the weights use 7 bits (±63), as ONNX Runtime's
/// own <c>reduce_range</c> does.
/// </remarks>
public static class DynamicQuantization
{
    private const string MicrosoftDomain = "com.microsoft";

    /// <summary>The weight range for this CPU: ±127 where the int8 dot products cannot overflow, else ±63.</summary>
    public static int WeightRange { get; } = !X86Base.IsSupported || HasVnni() ? 127 : 63;

    /// <summary>Whether ONNX Runtime's u8 × s8 kernels on this x86 CPU accumulate in 32 bits: AVX-VNNI, AVX10, or
    /// AVX-512 VNNI (AMD Zen 4 and many server CPUs, which have no AVX-VNNI and for which .NET has no class, so
    /// CPUID leaf 7, ECX bit 11, tells).</summary>
    private static bool HasVnni() =>
        AvxVnni.IsSupported || Avx10v1.IsSupported || (Avx512BW.IsSupported && (X86Base.CpuId(7, 0).Ecx & (1 << 11)) != 0);

    /// <summary>The quantized model; <paramref name="model"/> is not changed. Throws when it has nothing to quantize.</summary>
    public static byte[] Quantize(ReadOnlySpan<byte> model, int weightRange)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weightRange, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weightRange, 127);
        ModelProto proto = ModelProto.Parser.ParseFrom(model);
        GraphProto graph = proto.Graph;
        Dictionary<string, TensorProto> initializers = graph.Initializer.ToDictionary(t => t.Name);
        Dictionary<string, int> uses = graph.Node.SelectMany(n => n.Input).GroupBy(input => input).ToDictionary(g => g.Key, g => g.Count());
        int quantized = 0;
        for (int i = 0; i < graph.Node.Count; i++)
        {
            NodeProto node = graph.Node[i];
            if (node.OpType != "MatMul" || node.Domain.Length != 0 || node.Input.Count != 2
                || !initializers.TryGetValue(node.Input[1], out TensorProto? weights)
                || weights.DataType != (int)TensorProto.Types.DataType.Float || weights.Dims.Count != 2
                || weights.Dims[0] > weights.Dims[1])
                continue;
            (TensorProto values, TensorProto scales) = QuantizeColumns(weights, weightRange);
            graph.Initializer.Add(values);
            graph.Initializer.Add(scales);
            var replacement = new NodeProto { OpType = "DynamicQuantizeMatMul", Domain = MicrosoftDomain, Name = node.Name + "_int8" };
            replacement.Input.Add(node.Input[0]);
            replacement.Input.Add(values.Name);
            replacement.Input.Add(scales.Name);
            replacement.Output.AddRange(node.Output);
            graph.Node[i] = replacement;
            if (--uses[weights.Name] == 0)
                graph.Initializer.Remove(weights);
            quantized++;
        }
        if (quantized == 0)
            throw new InvalidOperationException("The model has no MatMul by a constant weight matrix to quantize.");
        if (!proto.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        return proto.ToByteArray();
    }

    /// <summary>Symmetric int8 per output column (zero point 0, so none is stored).</summary>
    private static (TensorProto Values, TensorProto Scales) QuantizeColumns(TensorProto weights, int range)
    {
        int rows = checked((int)weights.Dims[0]), columns = checked((int)weights.Dims[1]);
        ReadOnlySpan<float> w = weights.FloatData.Count > 0
            ? weights.FloatData.ToArray()
            : MemoryMarshal.Cast<byte, float>(weights.RawData.Span);
        if (w.Length != rows * columns)
            throw new InvalidDataException($"The weights {weights.Name} hold {w.Length} values, not {rows}x{columns}.");
        var scales = new float[columns];
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
                scales[column] = Math.Max(scales[column], Math.Abs(w[row * columns + column]));
        }
        for (int column = 0; column < columns; column++)
            scales[column] = scales[column] > 0 ? scales[column] / range : 1;
        var values = new sbyte[w.Length];
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                int at = row * columns + column;
                values[at] = (sbyte)Math.Clamp(MathF.Round(w[at] / scales[column]), -range, range);
            }
        }
        var valuesTensor = new TensorProto
        {
            Name = weights.Name + "_int8",
            DataType = (int)TensorProto.Types.DataType.Int8,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes<sbyte>(values)),
        };
        valuesTensor.Dims.Add(rows);
        valuesTensor.Dims.Add(columns);
        var scalesTensor = new TensorProto
        {
            Name = weights.Name + "_scale",
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes<float>(scales)),
        };
        scalesTensor.Dims.Add(columns);
        return (valuesTensor, scalesTensor);
    }
}
