package io.deadwood.reproduce;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.deadwood.api.backend.Backends;

/** Wiring of the command line: the backend registry, the suite runner and the report writer. */
public final class ReproduceModule extends AbstractModule {

    @Provides
    @Singleton
    Backends backends() {
        return Backends.discover();
    }
}
