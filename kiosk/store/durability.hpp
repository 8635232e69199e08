#pragma once

namespace jiayi::store {

// How a store's commits reach the disk. A kiosk's own store syncs every
// commit (a power cut loses nothing committed). A scratch store (a demo or
// a headless run, in a folder removed when the run ends) has nothing to lose
// and never waits for the disk: on a busy machine each sync cost 10–50 ms,
// and creating one (the key, six migrations, the demo's teams, the close)
// took about twenty.
enum class Durability { Synced, Scratch };

}  // namespace jiayi::store
