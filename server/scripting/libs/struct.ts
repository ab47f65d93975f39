/** The `struct` library (placeholder until implemented). */
import { lua, type LuaCFunction } from '../lua.js';

export const openStruct: LuaCFunction = (L) => {
  lua.lua_newtable(L);
  return 1;
};
