package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's benchmark commands ({@code mvn -Pbench -pl benchmarks}, {@code bin/deadwood-peers},
 * which builds with {@code -Ppeers -pl peers}) need the root build to list those modules under
 * their profiles. The default build never touches them, so nothing else would notice them missing.
 */
class BuildProfilesTest {

    @Test
    void benchAndPeersProfilesBringTheirModules() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
        Map<String, String> moduleByProfile = new HashMap<>();
        NodeList profiles = doc.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            String id = profile.getElementsByTagName("id").item(0).getTextContent().trim();
            NodeList modules = profile.getElementsByTagName("module");
            if (modules.getLength() > 0) moduleByProfile.put(id, modules.item(0).getTextContent().trim());
        }
        assertEquals("benchmarks", moduleByProfile.get("bench"), "profile bench in " + root.resolve("pom.xml"));
        assertEquals("peers", moduleByProfile.get("peers"), "profile peers in " + root.resolve("pom.xml"));
        for (String module : moduleByProfile.values()) {
            assertTrue(Files.isRegularFile(root.resolve(module).resolve("pom.xml")), module + "/pom.xml is missing");
        }
    }
}
