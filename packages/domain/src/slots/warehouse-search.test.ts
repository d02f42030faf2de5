import { describe, expect, it } from "vitest";
import { searchWarehouses } from "./warehouse-search.ts";

// In the caller's order: favourites first, then by name.
const warehouses = [
  { name: "Электросталь", favourite: true },
  { name: "Белая Дача", favourite: false },
  { name: "Казань", favourite: false },
  { name: "Коледино", favourite: false },
  { name: "Краснодар", favourite: false },
  { name: "Новосемейкино", favourite: false },
  { name: "Пушкино", favourite: false },
  { name: "Электросталь Ёлки", favourite: false },
];
const names = (search: string) => searchWarehouses(warehouses, search).map((w) => w.name);

describe("searching warehouses by name", () => {
  it.each([
    ["коледино", ["Коледино"]],
    ["КОЛЕ", ["Коледино"]],
    ["Коле", ["Коледино"]],
    ["  казань ", ["Казань"]],
    ["ино", ["Коледино", "Новосемейкино", "Пушкино"]],
    // A favourite first, then names that start with the search, then those that only contain it.
    ["к", ["Электросталь", "Казань", "Коледино", "Краснодар", "Новосемейкино", "Пушкино", "Электросталь Ёлки"]],
    // Favourites first, whatever the rest.
    ["ст", ["Электросталь", "Электросталь Ёлки"]],
    ["елки", ["Электросталь Ёлки"]],
    ["zzz", []],
  ])("%j → %j", (search, expected) => {
    expect(names(search)).toEqual(expected);
  });

  it("with no search, all of them in the caller's order", () => {
    expect(names("")).toEqual(warehouses.map((w) => w.name));
  });
});
