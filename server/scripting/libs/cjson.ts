/** The `cjson` library (placeholder until implemented). */
import { lua, type LuaCFunction } from '../lua.js';

export const openCjson: LuaCFunction = (L) => {
  lua.lua_newtable(L);
  return 1;
};
