package io.epicenter.storage;

import io.epicenter.plugin.storage.Storage;
import io.epicenter.storage.memory.MemoryStorage;

class MemoryStorageTest extends StorageContract {

    @Override
    protected Storage open(int compactAfterUpdates, long compactAfterBytes) {
        return new MemoryStorage(StorageSettings.defaults().withCompaction(compactAfterUpdates, compactAfterBytes),
                                 TextUpdates.codec());
    }
}
