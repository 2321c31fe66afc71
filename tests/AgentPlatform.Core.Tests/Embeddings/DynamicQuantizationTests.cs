using AgentPlatform.Embeddings;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace AgentPlatform.Tests.Embeddings;

public sealed class DynamicQuantizationTests
{
    [Fact]
    public void The_encoder_s_weight_products_become_int8_except_the_projections_down_from_a_wider_input()
    {
        byte[] model;
        using (Stream stream = EmbeddingModels.MiniLm.Open(EmbeddingModel.ModelFileName))
        {
            model = new byte[stream.Length];
            stream.ReadExactly(model);
        }

        ModelProto quantized = ModelProto.Parser.ParseFrom(DynamicQuantization.Quantize(model, 127));

        var initializers = quantized.Graph.Initializer.ToDictionary(t => t.Name);
        var int8 = quantized.Graph.Node.Where(n => n.OpType == "DynamicQuantizeMatMul").ToList();
        // Per layer of six: query, key, value, attention output and the feed-forward input.
        Assert.Equal(6 * 5, int8.Count);
        Assert.All(int8, n =>
        {
            Assert.Equal("com.microsoft", n.Domain);
            TensorProto weights = initializers[n.Input[1]];
            Assert.Equal((int)TensorProto.Types.DataType.Int8, weights.DataType);
            Assert.Equal(weights.Dims[1], initializers[n.Input[2]].Dims.Single());
        });
        var floatWeights = quantized.Graph.Node.Where(n => n.OpType == "MatMul" && initializers.ContainsKey(n.Input[1])).ToList();
        Assert.Equal(6, floatWeights.Count);
        Assert.All(floatWeights, n => Assert.Equal([1536L, 384L], initializers[n.Input[1]].Dims));
        Assert.Contains(quantized.OpsetImport, o => o.Domain == "com.microsoft");
    }

    [Theory]
    [InlineData(127)]
    [InlineData(63)]
    public void A_quantized_product_stays_within_the_rounding_of_its_weights_and_inputs(int range)
    {
        float[] weights = [0.5f, -1.25f, 2f, 0.01f, 3f, -0.75f];
        byte[] model = MatMulModel(weights, rows: 2, columns: 3);
        float[] input = [1.5f, -2f, 0.25f, 4f];

        byte[] quantized = DynamicQuantization.Quantize(model, range);

        float[] expected = Run(model, input);
        float[] actual = Run(quantized, input);
        var proto = ModelProto.Parser.ParseFrom(quantized);
        TensorProto int8 = proto.Graph.Initializer.Single(t => t.DataType == (int)TensorProto.Types.DataType.Int8);
        Assert.All(int8.RawData.ToByteArray(), b => Assert.InRange((sbyte)b, -range, range));
        Assert.DoesNotContain(proto.Graph.Initializer, t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count == 2);
        // Each column's error is at most half a weight step times the inputs, plus half an input step times the weights.
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 4 * 3f / range + 0.1f);
        Assert.NotEqual(expected, actual);
    }

    [Fact]
    public void A_model_whose_products_all_come_down_from_a_wider_input_has_nothing_to_quantize()
    {
        byte[] model = MatMulModel([1f, 2f, 3f, 4f, 5f, 6f], rows: 3, columns: 2);

        var error = Assert.Throws<InvalidOperationException>(() => DynamicQuantization.Quantize(model, 127));

        Assert.Contains("no MatMul", error.Message);
    }

    [Fact]
    public void The_weights_keep_8_bits_on_a_cpu_whose_kernel_reports_a_vnni_instruction_set_and_7_elsewhere_on_x86()
    {
        // The kernel's own CPUID reading: "avx512_vnni" (AVX-512 VNNI, e.g. AMD Zen 4) or "avx_vnni" (AVX-VNNI).
        Assert.SkipUnless(OperatingSystem.IsLinux() && System.Runtime.Intrinsics.X86.X86Base.IsSupported, "needs /proc/cpuinfo of an x86 CPU");
        string[] flags = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ');
        bool vnni = (flags.Contains("avx512_vnni") && System.Runtime.Intrinsics.X86.Avx512BW.IsSupported) || flags.Contains("avx_vnni");

        Assert.Equal(vnni ? 127 : 63, DynamicQuantization.WeightRange);
    }

    /// <summary>Y[2, columns] = X[2, rows] × W[rows, columns], W a constant.</summary>
    private static byte[] MatMulModel(float[] weights, int rows, int columns)
    {
        var graph = new GraphProto { Name = "matmul" };
        graph.Input.Add(Value("X", 2, rows));
        graph.Output.Add(Value("Y", 2, columns));
        var w = new TensorProto { Name = "W", DataType = (int)TensorProto.Types.DataType.Float };
        w.Dims.Add(rows);
        w.Dims.Add(columns);
        w.FloatData.Add(weights);
        graph.Initializer.Add(w);
        var node = new NodeProto { OpType = "MatMul", Name = "product" };
        node.Input.Add("X");
        node.Input.Add("W");
        node.Output.Add("Y");
        graph.Node.Add(node);
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }

    private static ValueInfoProto Value(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long dim in dims)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static float[] Run(byte[] model, float[] input)
    {
        using var session = new InferenceSession(model);
        long columns = session.OutputMetadata["Y"].Dimensions[1];
        using OrtValue x = OrtValue.CreateTensorValueFromMemory(input, [2, input.Length / 2]);
        using var outputs = session.Run(new RunOptions(), ["X"], [x], ["Y"]);
        float[] y = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(2 * columns, y.Length);
        return y;
    }
}
