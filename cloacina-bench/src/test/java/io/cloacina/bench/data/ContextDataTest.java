package io.cloacina.bench.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.bench.python.PythonCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContextDataTest {

    @Test
    void sizesAreAtLeastWhatWasAskedAndAtMostOneRecordMore() {
        for (String label : new String[] {"1KB", "100KB", "1MB"}) {
            int bytes = ContextSize.parse(label).bytes();
            int encoded = ContextData.jsonOfSize(bytes).length;
            assertTrue(encoded >= bytes, label + " encoded to only " + encoded + " bytes");
            assertTrue(encoded < bytes + 400, label + " overshot to " + encoded + " bytes");
        }
    }

    @Test
    void theSameSizeIsTheSameDataEveryTime() {
        assertArrayEquals(ContextData.jsonOfSize(50_000), ContextData.jsonOfSize(50_000));
    }

    @Test
    void recordsAreNestedWithStringsAndNumbers() {
        ObjectNode context = ContextData.ofSize(2048);
        assertEquals(1, context.get("n").asInt());
        var record = context.get("records").get(0);
        assertTrue(record.get("name").isTextual());
        assertTrue(record.get("score").isNumber());
        assertTrue(record.get("address").get("city").isTextual());
        assertTrue(record.get("orders").get(0).get("qty").isInt());
    }

    @Test
    void cpythonReadsTheSameRecordsJavaWrote(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ctx.json");
        ObjectNode context = ContextData.ofSize(100_000);
        Files.write(file, ContextData.jsonOfSize(100_000));
        Process python = new ProcessBuilder(PythonCommand.executable(), "-c",
                "import json,sys; d=json.load(open(sys.argv[1])); r=d['records']; "
                        + "print(len(r), r[-1]['email'], sum(o['qty'] for x in r for o in x['orders']))",
                file.toString()).redirectErrorStream(true).start();
        assertTrue(python.waitFor(30, TimeUnit.SECONDS), "python3 did not answer within 30 s");
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        var records = context.get("records");
        int qty = 0;
        for (var r : records) {
            for (var o : r.get("orders")) {
                qty += o.get("qty").asInt();
            }
        }
        assertEquals(records.size() + " " + records.get(records.size() - 1).get("email").asText() + " " + qty, out);
    }
}
