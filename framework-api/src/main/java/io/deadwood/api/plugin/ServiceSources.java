package io.deadwood.api.plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;

/**
 * Which jar each service entry comes from. {@link java.util.ServiceLoader} says which class failed but
 * not where it was named, so the service files are read once beforehand to tell a user which plugin
 * jar to fix or remove.
 */
final class ServiceSources {
    private final Map<String, String> byProvider;
    private final String service;

    private ServiceSources(Map<String, String> byProvider, String service) {
        this.byProvider = byProvider;
        this.service = service;
    }

    /** Reads every service file for {@code service}; one that cannot be read is reported as broken. */
    static ServiceSources scan(ClassLoader loader, Class<?> service, List<BrokenProvider> broken) {
        Map<String, String> byProvider = new LinkedHashMap<>();
        String name = "META-INF/services/" + service.getName();
        Enumeration<URL> files;
        try {
            files = loader.getResources(name);
        } catch (IOException e) {
            broken.add(new BrokenProvider("(service files)", "unknown", "cannot list the service files: " + e));
            return new ServiceSources(byProvider, service.getName());
        }
        while (files.hasMoreElements()) {
            URL url = files.nextElement();
            String source = location(url);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    int hash = line.indexOf('#');
                    String entry = (hash >= 0 ? line.substring(0, hash) : line).trim();
                    if (!entry.isEmpty()) byProvider.putIfAbsent(entry, source);
                }
            } catch (IOException e) {
                broken.add(new BrokenProvider("(service file)", source, "cannot read " + name + ": " + e));
            }
        }
        return new ServiceSources(byProvider, service.getName());
    }

    /** The jar or folder a service file lies in. */
    static String location(URL url) {
        String s = url.toString();
        if (s.startsWith("jar:")) {
            int bang = s.indexOf("!/");
            s = s.substring(4, bang < 0 ? s.length() : bang);
        } else {
            int meta = s.indexOf("/META-INF/services/");
            if (meta >= 0) s = s.substring(0, meta);
        }
        return s.startsWith("file:") ? fileUrlPath(s) : s;
    }

    private static String fileUrlPath(String s) {
        try {
            return java.nio.file.Path.of(java.net.URI.create(s)).toString();
        } catch (RuntimeException e) {
            return s.substring("file:".length());
        }
    }

    /** Where a loaded class came from: its code source, else the service entry that named it. */
    String source(Class<?> type) {
        String named = byProvider.get(type.getName());
        return named != null ? named : of(type);
    }

    static String of(Class<?> type) {
        CodeSource src = type.getProtectionDomain().getCodeSource();
        URL url = src == null ? null : src.getLocation();
        return url == null ? "unknown" : location(url);
    }

    /** A failure of the service loader's iteration, tied to the entry (and so the jar) it names. */
    BrokenProvider broken(ServiceConfigurationError e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.startsWith(service + ": ")) message = message.substring(service.length() + 2);
        String provider = null;
        for (String p : byProvider.keySet()) {
            if (mentions(message, p) && (provider == null || p.length() > provider.length())) provider = p;
        }
        String reason = message;
        if (provider != null && message.equals("Provider " + provider + " not found")) {
            reason = "its service entry names class " + provider + ", which is neither in the jar nor on the class path";
        }
        if (e.getCause() != null) reason += " (" + e.getCause() + ")";
        if (provider != null) return new BrokenProvider(provider, byProvider.get(provider), reason);
        int jar = message.indexOf("jar:file:");
        if (jar >= 0) {
            int bang = message.indexOf("!/", jar);
            if (bang > jar) return new BrokenProvider("(service entry)", location(
                    safeUrl(message.substring(jar, bang + 2))), reason);
        }
        return new BrokenProvider("(service entry)", "unknown", reason);
    }

    private static URL safeUrl(String s) {
        try {
            return java.net.URI.create(s).toURL();
        } catch (RuntimeException | java.net.MalformedURLException e) {
            return null;
        }
    }

    private static boolean mentions(String message, String name) {
        int i = message.indexOf(name);
        while (i >= 0) {
            int end = i + name.length();
            boolean before = i == 0 || !Character.isJavaIdentifierPart(message.charAt(i - 1)) && message.charAt(i - 1) != '.';
            boolean after = end == message.length() || !Character.isJavaIdentifierPart(message.charAt(end))
                    && !(message.charAt(end) == '.' && end + 1 < message.length()
                    && Character.isJavaIdentifierPart(message.charAt(end + 1)));
            if (before && after) return true;
            i = message.indexOf(name, i + 1);
        }
        return false;
    }
}
